import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  containerEnv,
  containerPorts,
  imageKind,
  launchFor,
  type PodRef,
  vllmServe,
} from '../../src/controller/image-map';
import { hostPathIn, volumeDirs } from '../../src/controller/volumes';
import { routeHttp, serviceOf } from '../../src/gateway/httproute';
import { kserveConfigDir } from '../../src/llmisvc/install';
import { sharedDir } from '../../src/paths';

const ns = 'kubeflow-user-example-com';

/** KServe's preset main container with its Go templates filled in roughly as the controller renders them. */
function presetContainer(): V1Container {
  const doc = parse(
    readFileSync(join(kserveConfigDir(sharedDir()), 'llmisvcconfig_config-llm-template.yaml'), 'utf8'),
  ) as {
    spec: { template: { containers: V1Container[] } };
  };
  const c = doc.spec.template.containers[0];
  if (!c) throw new Error('no container in the preset');
  const render = (s: string) =>
    s
      .replaceAll('{{ .Spec.Model.Name }}', 'tiny')
      .replaceAll('{{ .ObjectMeta.Namespace }}', ns)
      .replace(/\{\{[^}]*\}\}/g, '');
  return { ...c, command: (c.command ?? []).map(render), args: ['--max-model-len', '512'] };
}

const pod: PodRef = {
  name: 'tiny-kserve-abc',
  namespace: ns,
  uid: 'u1',
  labels: {},
  annotations: {},
  podIP: '192.0.2.2',
  hostIP: '127.0.0.1',
  nodeName: 'sandbox-node',
  serviceAccountName: 'default',
};

describe('vLLM images in the kubelet', () => {
  it("reads what KServe's preset tells `vllm serve` from the bash command, without running it", () => {
    const c = presetContainer();
    expect(imageKind(c.image)).toBe('vllm');
    expect(vllmServe(c, {})).toEqual({
      model: '/mnt/models',
      names: ['tiny', `publishers/${ns}/models/tiny`],
      port: 8000,
    });
    expect(containerPorts(c, {})).toEqual([8000]);
  });

  it("takes vLLM's own flags from args (vllm/vllm-openai) and its defaults", () => {
    const c: V1Container = {
      name: 'main',
      image: 'vllm/vllm-openai:v0.9.0',
      args: ['--model=/mnt/models', '--served-model-name', 'm', '--port', '9000'],
    };
    expect(vllmServe(c, {})).toEqual({ model: '/mnt/models', names: ['m'], port: 9000 });
    expect(vllmServe({ name: 'main', image: 'vllm/vllm-openai' }, {})).toEqual({
      model: '/mnt/models',
      names: ['/mnt/models'],
      port: 8000,
    });
  });

  it('runs KServe’s OpenAI server (kserve-openai venv) on the host port with the model folder of /mnt/models', () => {
    const c = presetContainer();
    const l = launchFor({
      container: c,
      pod,
      env: { HOME: '/home', HF_HUB_CACHE: '/models' },
      hostPort: (p) => 20000 + p,
      hostPath: (p) => (p === '/mnt/models' ? '/vol/llm/tiny-ngram' : undefined),
      python: { kserve: '/k/python', mlserver: '/m/python', openai: '/o/python' },
      scriptsDir: '/py',
      workDir: '/pods/u1/work/main',
    });
    expect(l?.command).toBe('/o/python');
    expect(l?.args).toEqual([
      '/py/vllm_openai_server.py',
      '--model_dir',
      '/vol/llm/tiny-ngram',
      '--served-model-name',
      'tiny',
      `publishers/${ns}/models/tiny`,
      '--port',
      '28000',
      '--host',
      '127.0.0.1',
    ]);
    expect(l?.env.HOME).toBe('/pods/u1/work/main');
    expect(() =>
      launchFor({
        container: c,
        pod,
        env: {},
        hostPort: (p) => p,
        hostPath: () => undefined,
        python: { kserve: '/k', mlserver: '/m' },
        scriptsDir: '/py',
        workDir: '/w',
      }),
    ).toThrow(/kserve-openai venv/);
  });
});

describe("what KServe's LLMInferenceService controller made for `tiny-llm` (captured from the sandbox)", () => {
  const fixture = <T>(name: string) =>
    JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')) as T;

  it('its pod runs the played vLLM on the PVC folder the controller mounted at /mnt/models', () => {
    const p = fixture<V1Pod>('tiny-llm-pod.json');
    const c = p.spec?.containers[0];
    if (!c) throw new Error('no container');
    const dirs = volumeDirs(p.spec?.volumes, '/pods/u', (claim) => (claim === 'kserve-models' ? '/vol' : undefined));
    const env = containerEnv(c, { ...pod, labels: p.metadata?.labels ?? {} });
    const l = launchFor({
      container: c,
      pod,
      env,
      hostPort: (port) => 20000 + port,
      hostPath: (path) => hostPathIn(c, dirs, path),
      python: { kserve: '/k', mlserver: '/m', openai: '/o' },
      scriptsDir: '/py',
      workDir: '/w',
    });
    expect(l?.args).toEqual([
      '/py/vllm_openai_server.py',
      '--model_dir',
      '/vol/llm/tiny-ngram',
      '--served-model-name',
      'tiny-ngram',
      `publishers/${ns}/models/tiny-ngram`,
      '--port',
      '28000',
      '--host',
      '127.0.0.1',
    ]);
  });

  it('its HTTPRoute sends the status URL paths to the workload Service with the prefix rewritten', () => {
    const r = fixture<Parameters<typeof routeHttp>[0][number]>('tiny-llm-httproute.json');
    const at = (path: string, headers: Record<string, string> = {}) =>
      routeHttp([r], { host: '127.0.0.1', method: 'POST', path, headers });
    const chat = at(`/${ns}/tiny-llm/v1/chat/completions`);
    expect(chat?.path).toBe('/v1/chat/completions');
    expect(serviceOf(chat?.backend, ns)).toEqual({ namespace: ns, name: 'tiny-llm-kserve-workload-svc', port: 8000 });
    expect(at(`/${ns}/tiny-llm/v1/models`)?.path).toBe('/v1/models');
    expect(at(`/publishers/${ns}/models/tiny-ngram/v1/completions`)?.path).toBe('/v1/completions');
    expect(at('/v1/models')).toBeUndefined();
  });
});
