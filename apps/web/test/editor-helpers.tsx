import { screen } from '@testing-library/react';
import { IsvcYamlEditor } from '../src/features/yaml-editor';
import { ns, renderAt } from './render';

/** Render the YAML tab of InferenceService `name` (handlers set by the test); resolves to its text area. */
export async function openIsvcEditor(name: string): Promise<HTMLTextAreaElement> {
  renderAt(<IsvcYamlEditor ns={ns} name={name} />, {
    url: `/ns/${ns}/isvc/${name}/yaml`,
    path: '/ns/:ns/isvc/:name/:tab',
  });
  return (await screen.findByRole('textbox', { name: `YAML of InferenceService ${name}` })) as HTMLTextAreaElement;
}
