import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CreateIsvcPage } from '../src/features/yaml-editor';
import { server } from './msw';
import { handlers, ns, renderAt } from './render';

const bomb = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`;

function renderCreate() {
  server.use(handlers.schema());
  renderAt(<CreateIsvcPage ns={ns} />, { url: `/ns/${ns}/create`, path: '/ns/:ns/create' });
  return screen.findByRole('textbox', { name: 'New InferenceService YAML' }) as Promise<HTMLTextAreaElement>;
}
const problems = () => screen.findByRole('region', { name: /problem/ });

describe('the create editor with hostile input', () => {
  it('keeps a pasted alias bomb as text and marks it (was: the page crashed)', async () => {
    const ta = await renderCreate();
    fireEvent.change(ta, { target: { value: bomb } });
    expect(await problems()).toHaveTextContent('Aliases in this document expand too far');
    expect(ta.value).toBe(bomb);
  });

  it('refuses a binary upload with a problem and keeps the text', async () => {
    const user = userEvent.setup({ applyAccept: false });
    const ta = await renderCreate();
    const before = ta.value;
    const png = new File(
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
      'model.png',
      {
        type: 'image/png',
      },
    );
    await user.upload(screen.getByLabelText('Upload YAML…'), png);
    const list = await problems();
    expect(
      within(list).getByText(/model\.png is not UTF-8 text \(a binary file\?\)\. Your text was kept\./),
    ).toBeInTheDocument();
    expect(ta.value).toBe(before);
  });

  it('loads a text upload', async () => {
    const user = userEvent.setup();
    const ta = await renderCreate();
    const yaml = 'metadata:\n  name: up\nspec:\n  predictor:\n    sklearn:\n      storageUri: gs://x\n';
    await user.upload(screen.getByLabelText('Upload YAML…'), new File([yaml], 'up.yaml', { type: 'application/yaml' }));
    await waitFor(() => expect(ta.value).toBe(yaml));
  });
});
