import { kindApiPaths, LLM_INFERENCE_SERVICE } from '@servedeck/shared';
import { fireEvent, screen } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { type KindYamlKey, KindYamlTab } from '../src/components/kind/KindYamlTab';
import { draftForPath, kindDraftKey, loadDraft } from '../src/lib/drafts';
import { server } from './msw';
import { ns, renderAt } from './render';

const K = LLM_INFERENCE_SERVICE;
const queryKey = ['kinds', 'detail', ns, 'chat'] as const;
const key = kindDraftKey('kinds', ns, 'chat');
const live = {
  apiVersion: 'serving.kserve.io/v1alpha2',
  kind: 'LLMInferenceService',
  metadata: { name: 'chat', namespace: ns, resourceVersion: '7', managedFields: [{ manager: 'kubectl' }] },
  spec: { replicas: 1 },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};

/** The keys themselves, with their values: what the tab asked the feature's catalogue for. */
const t = (k: KindYamlKey, vars?: Record<string, string | number>) => (vars ? `${k} ${JSON.stringify(vars)}` : k);

function renderTab() {
  const r = renderAt(
    <KindYamlTab kind={K} ns={ns} name="chat" live={live} queryKey={queryKey} draftKey={key} t={t} />,
    {
      url: `/ns/${ns}/kinds/chat/yaml`,
      path: '/ns/:ns/kinds/:name/yaml',
    },
  );
  const editor = screen.getByRole('textbox', { name: 'yaml.label' }) as HTMLTextAreaElement;
  return { ...r, editor };
}

const edit = (editor: HTMLTextAreaElement, value: string) => fireEvent.change(editor, { target: { value } });

let puts: { dryRun: string | null; fieldValidation: string | null; body: unknown }[];
beforeEach(() => {
  puts = [];
  server.use(http.get(kindApiPaths.schema(K), () => HttpResponse.json({ type: 'object' })));
});

/** The PUT answers `status` (200: the object written with resourceVersion 8). */
function answerPut(status: number) {
  server.use(
    http.put(kindApiPaths.object(K, ns, 'chat'), async ({ request }) => {
      const q = new URL(request.url).searchParams;
      const body = (await request.json()) as Record<string, unknown>;
      puts.push({ dryRun: q.get('dryRun'), fieldValidation: q.get('fieldValidation'), body });
      if (status === 200) {
        return HttpResponse.json({
          object: { ...body, metadata: { name: 'chat', resourceVersion: '8' } },
          warnings: [],
        });
      }
      const reason = status === 409 ? 'Conflict' : 'InternalError';
      return HttpResponse.json({ status, reason, message: 'no', causes: [] }, { status });
    }),
  );
}

describe('KindYamlTab', () => {
  it('shows what the user writes (no status, no managedFields), with the app’s button classes', () => {
    const { editor } = renderTab();
    expect(editor.value).toContain('replicas: 1');
    expect(editor.value).toContain('resourceVersion: "7"');
    expect(editor.value).not.toContain('status');
    expect(editor.value).not.toContain('managedFields');
    expect(screen.getByRole('button', { name: 'yaml.dryRun' })).toHaveClass('btn');
    expect(screen.getByRole('button', { name: 'yaml.apply' })).toHaveClass('btn', 'btn-primary');
    expect(screen.getByRole('button', { name: 'yaml.reset' })).toBeDisabled();
  });

  it('dry-runs, then applies with strict validation, writes the answer to the query and forgets the draft', async () => {
    answerPut(200);
    const { editor, client } = renderTab();
    edit(editor, editor.value.replace('replicas: 1', 'replicas: 2'));
    expect(loadDraft(key)).toContain('replicas: 2');
    fireEvent.click(screen.getByRole('button', { name: 'yaml.dryRun' }));
    expect(await screen.findByRole('status')).toHaveTextContent('yaml.dryRunOk');
    fireEvent.click(screen.getByRole('button', { name: 'yaml.apply' }));
    expect(await screen.findByText('yaml.applied {"rv":"8"}')).toHaveAttribute('role', 'status');
    expect(puts.map((p) => p.dryRun)).toEqual(['All', null]);
    expect(puts.every((p) => p.fieldValidation === 'Strict')).toBe(true);
    expect(puts[1]?.body).toMatchObject({ spec: { replicas: 2 } });
    expect(client.getQueryData(queryKey)).toMatchObject({ metadata: { resourceVersion: '8' } });
    expect(loadDraft(key)).toBeUndefined();
  });

  it('keeps the text and the draft when an apply fails or conflicts, and restores the draft when opened again', async () => {
    answerPut(500);
    const first = renderTab();
    edit(first.editor, `${first.editor.value}# mine\n`);
    fireEvent.click(screen.getByRole('button', { name: 'yaml.apply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('yaml.failed {"reason":"InternalError","message":"no"}');
    answerPut(409);
    fireEvent.click(screen.getByRole('button', { name: 'yaml.apply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^yaml\.conflict$/);
    expect(first.editor.value).toContain('# mine');
    first.unmount();

    expect(draftForPath(`/ns/${ns}/kinds/chat/yaml`)).toContain('# mine');
    const again = renderTab();
    expect(again.editor.value).toContain('# mine');
    expect(screen.getByRole('status')).toHaveTextContent('Restored your unsaved changes from this tab.');
    fireEvent.click(screen.getByRole('button', { name: 'yaml.reset' }));
    expect(again.editor.value).not.toContain('# mine');
    expect(loadDraft(key)).toBeUndefined();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('refuses text that does not parse or is not one object, without a request', async () => {
    answerPut(200);
    const { editor } = renderTab();
    edit(editor, '- a\n- b\n');
    fireEvent.click(screen.getByRole('button', { name: 'yaml.dryRun' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^yaml\.notObject$/);
    edit(editor, 'a: [1,\n');
    fireEvent.click(screen.getByRole('button', { name: 'yaml.dryRun' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^yaml\.parseError /);
    expect(puts).toEqual([]);
  });

  it('forgets the draft once the text is the live object again, and does not restore one that is', () => {
    const { editor, unmount } = renderTab();
    const liveText = editor.value;
    edit(editor, `${liveText}# x\n`);
    expect(loadDraft(key)).toBe(`${liveText}# x\n`);
    edit(editor, liveText);
    expect(loadDraft(key)).toBeUndefined();
    unmount();
    sessionStorage.setItem(key, liveText);
    renderTab();
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByRole('button', { name: 'yaml.reset' })).toBeDisabled();
  });
});
