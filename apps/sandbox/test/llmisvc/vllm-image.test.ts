import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Container } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { containerPorts, imageKind, launchFor, type PodRef, vllmServe } from '../../src/controller/image-map';
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
