import { describe, expect, it } from 'vitest';
import { procStatusField } from '../src/machine';
import { inSandbox, mlserverHttpPort, modelServerPort } from '../src/model-server';
import { nginxConfig } from '../src/nginx';
import { binaryPayload, jsonPayload } from '../src/payloads';
import { scaleNamespaces, scaleObject, scaleStatus } from '../src/scale-objects';
import { splitSse, tickOf } from '../src/sse-client';
import { shrinkNote } from '../src/tables';
import { htmlAssets, staticImports } from '../src/web-weight';

describe('web weight parsing', () => {
  it('finds the entry, modulepreloads and stylesheets of a Vite index.html', () => {
    const html = `<script type="module" crossorigin src="./assets/index-A.js"></script>
      <link rel="modulepreload" crossorigin href="./assets/monaco-B.js">
      <link rel="stylesheet" crossorigin href="./assets/index-C.css"><link rel="icon" href="/x.svg">`;
    expect(htmlAssets(html)).toEqual({
      scripts: ['./assets/index-A.js'],
      preloads: ['./assets/monaco-B.js'],
      styles: ['./assets/index-C.css'],
    });
  });
  it('keeps static imports and skips dynamic ones', () => {
    const code =
      'import{_ as Ou}from"./monaco-B.js";import"./side.js";const x=()=>import("./Lazy-D.js");export{a}from"./re.js";';
    expect(staticImports(code)).toEqual(['./monaco-B.js', './side.js', './re.js']);
  });
});

describe('nginx config', () => {
  const conf = nginxConfig({ prefix: '/tmp/p', ports: { proxyModel: 1, proxyTrivial: 2, trivial: 3 }, modelPort: 9 });
  it('is a streaming keepalive reverse proxy on loopback', () => {
    expect(conf).toContain('server 127.0.0.1:9;');
    expect(conf).toContain('keepalive 128;');
    expect(conf).toContain('proxy_request_buffering off;');
    expect(conf).toContain('listen 127.0.0.1:1;');
    expect(conf).toContain('listen 127.0.0.1:3;');
    expect(conf).not.toMatch(/listen (?!127\.0\.0\.1)/);
  });
  it('leaves the model upstream out when there is no model server', () => {
    const c = nginxConfig({
      prefix: '/tmp/p',
      ports: { proxyModel: 1, proxyTrivial: 2, trivial: 3 },
      modelPort: undefined,
    });
    expect(c).not.toContain('upstream model');
    expect(c).not.toContain('listen 127.0.0.1:1;');
  });
});

describe('payloads', () => {
  it('builds a V2 JSON request of about the asked size', () => {
    const b = jsonPayload(100_000);
    const body = JSON.parse(b.toString()) as { inputs: { shape: number[]; data: number[] }[] };
    const input = body.inputs[0];
    expect(input?.data.length).toBe((input?.shape[0] ?? 0) * 4);
    expect(b.length).toBeGreaterThan(80_000);
    expect(b.length).toBeLessThan(120_000);
  });
  it('builds a binary tensor extension request whose header length is declared', () => {
    const { body, headerLength } = binaryPayload(16_000);
    const header = JSON.parse(body.subarray(0, headerLength).toString()) as {
      inputs: { shape: number[]; parameters: { binary_data_size: number } }[];
    };
    const size = header.inputs[0]?.parameters.binary_data_size ?? 0;
    expect(body.length - headerLength).toBe(size);
    expect(size).toBe((header.inputs[0]?.shape[0] ?? 0) * 16);
  });
});

describe('process introspection', () => {
  it('reads the port of the model server serving a model', () => {
    expect(modelServerPort(['python', '-m', 'x', '--model_name', 'm', '--http_port', '4242'], 'm')).toBe(4242);
    expect(modelServerPort(['mlserver', '--model_name=m', '--http_port=31'], 'm')).toBe(31);
    expect(modelServerPort(['python', '--model_name', 'other', '--http_port', '1'], 'm')).toBeUndefined();
  });
  it('reads peak and current RSS from /proc status', () => {
    const text = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(procStatusField(text, 'VmHWM')).toBe(204800 * 1024);
    expect(procStatusField(text, 'VmRSS')).toBe(102400 * 1024);
    expect(procStatusField('Name: x', 'VmRSS')).toBeUndefined();
  });
});

describe('SSE parsing', () => {
  it('splits complete messages and keeps the rest', () => {
    const { messages, rest } = splitSse(
      'retry: 3000\n\nevent: change\ndata: {"a":1}\n\n: ping\n\nevent: change\ndata: {"b"',
    );
    expect(messages).toEqual([{ event: 'change', data: '{"a":1}' }]);
    expect(rest).toBe('event: change\ndata: {"b"');
  });
  it('finds the tick label of a MODIFIED event only', () => {
    const obj = '"object":{"metadata":{"labels":{"bench.servedeck.dev/tick":"r1-7"}}}';
    expect(tickOf(`{"type":"MODIFIED",${obj}}`)).toBe('r1-7');
    expect(tickOf(`{"type":"ADDED",${obj}}`)).toBeUndefined();
  });
});

describe('scale objects', () => {
  it('names namespaces and marks every object for the controller to ignore', () => {
    expect(scaleNamespaces(2)).toEqual(['servedeck-bench-scale-00', 'servedeck-bench-scale-01']);
    const o = scaleObject('ns', 3, true) as { metadata: { annotations: Record<string, string> } };
    expect(o.metadata.annotations['sandbox.servedeck.dev/ignore']).toBe('true');
    expect(o.metadata.annotations['serving.kserve.io/stop']).toBeUndefined();
    const stopped = scaleObject('ns', 3, false) as { metadata: { annotations: Record<string, string> } };
    expect(stopped.metadata.annotations['serving.kserve.io/stop']).toBe('true');
  });
  it('writes mostly Ready statuses with some failures and some pending', () => {
    const ready = (i: number) =>
      (scaleStatus('ns', i) as { conditions: { type: string; status: string }[] }).conditions.find(
        (c) => c.type === 'Ready',
      )?.status;
    const all = Array.from({ length: 100 }, (_, i) => ready(i));
    expect(all.filter((s) => s === 'True').length).toBe(90);
    expect(all.filter((s) => s === 'False').length).toBe(5);
    expect(all.filter((s) => s === 'Unknown').length).toBe(5);
  });
});

describe('MLServer settings', () => {
  it('reads the HTTP port', () => {
    expect(mlserverHttpPort('{"host":"127.0.0.1","http_port":43783,"grpc_port":1}')).toBe(43783);
    expect(mlserverHttpPort('{"host":"127.0.0.1"}')).toBeUndefined();
    expect(mlserverHttpPort('not json')).toBeUndefined();
  });
});

describe('list page shrink note', () => {
  const base = {
    measured: true as const,
    rows: 100,
    interactiveMs: 1,
    firstRowMs: 1,
    frames: 1,
    frameP50Ms: 1,
    frameP95Ms: 1,
    frameMaxMs: 1,
    slowFrames: 0,
  };
  it('tells when a complete list shrinks again', () => {
    const note = shrinkNote({
      ...base,
      rowTimeline: [
        [10, 100],
        [50, 20],
        [60, 40],
      ],
    });
    expect(note[0]).toContain('dropped to 20 rows at 50 ms');
  });
  it('says nothing when the list only grows', () => {
    expect(
      shrinkNote({
        ...base,
        rowTimeline: [
          [10, 20],
          [50, 100],
        ],
      }),
    ).toEqual([]);
  });
});

describe("the bench's model server is its own sandbox's", () => {
  it('a process working under the sandbox folder is one of its pods; another sandbox on the machine is not', () => {
    expect(inSandbox('/w/a/.sandbox/pods/uid-1/work/kserve-container', '/w/a/.sandbox')).toBe(true);
    expect(inSandbox('/w/a/.sandbox/pods/uid-1/work/kserve-container', '/w/a/.sandbox/')).toBe(true);
    expect(inSandbox('/w/b/.sandbox/pods/uid-2/work/kserve-container', '/w/a/.sandbox')).toBe(false);
    expect(inSandbox('/w/a/.sandbox-test/pods/uid-3/work/kserve-container', '/w/a/.sandbox')).toBe(false);
    expect(inSandbox('/w/a/.sandbox', '/w/a/.sandbox')).toBe(false);
  });
});
