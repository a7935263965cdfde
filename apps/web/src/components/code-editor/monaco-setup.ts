/**
 * The Monaco chunk: the editor core, the YAML language and monaco-yaml, with workers bundled by Vite
 * (`?worker`), so nothing comes from a CDN. Imported only through `loadMonaco()`.
 */
import 'monaco-editor/esm/vs/editor/editor.all.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml, type MonacoYaml } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';

globalThis.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

let yaml: MonacoYaml | undefined;

/** Give monaco-yaml a JSON schema for files matching `fileMatch` (completion, hover, validation). */
export function setYamlSchema(uri: string, fileMatch: string[], schema: unknown): void {
  const options = {
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    isKubernetes: true,
    schemas: [{ uri, fileMatch, schema: schema as never }],
  };
  if (yaml) void yaml.update(options);
  else yaml = configureMonacoYaml(monaco as never, options);
}

export { monaco };
