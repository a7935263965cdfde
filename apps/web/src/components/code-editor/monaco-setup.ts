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

/**
 * monaco-yaml (through monaco-worker-manager) still calls `editor.createWebWorker({ moduleId, label,
 * createData })`, the API before Monaco 0.55; 0.55 wants `{ worker }` and the two start messages that its
 * own language workers send ("ignore", then createData). Bridge the two.
 */
type LegacyWorkerOptions = {
  label?: string;
  createData?: unknown;
  host?: Record<string, () => unknown>;
  keepIdleModels?: boolean;
};
function createYamlWebWorker(opts: LegacyWorkerOptions) {
  const worker = new YamlWorker();
  worker.postMessage('ignore');
  worker.postMessage(opts.createData);
  return monaco.editor.createWebWorker({
    worker,
    ...(opts.host ? { host: opts.host } : {}),
    ...(opts.keepIdleModels !== undefined ? { keepIdleModels: opts.keepIdleModels } : {}),
  });
}
const monacoForYaml = { ...monaco, editor: { ...monaco.editor, createWebWorker: createYamlWebWorker } };

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
  else yaml = configureMonacoYaml(monacoForYaml as never, options);
}

export { monaco };
