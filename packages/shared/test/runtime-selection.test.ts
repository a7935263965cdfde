import { describe, expect, it } from 'vitest';
import { servingRuntimeSchema } from '../src/k8s-objects';
import { type RuntimeOffer, runtimeOffers, selectRuntime, supportingRuntimes } from '../src/runtime-selection';
import { kserveClusterRuntimes, runtime } from './support/kserve-runtimes';

const offers = runtimeOffers([], kserveClusterRuntimes);
const names = (list: RuntimeOffer[]) => list.map((o) => o.name);
const picked = (model: Parameters<typeof selectRuntime>[0], from: RuntimeOffer[] = offers) => {
  const s = selectRuntime(model, from);
  return s.ok ? `${s.runtime.name} ${s.protocol}` : `${s.reason}: ${s.message}`;
};

describe('KServe runtime selection on the shipped ClusterServingRuntimes', () => {
  it('picks the sklearn server for sklearn without a protocol, and writes its first protocol (v1)', () => {
    expect(picked({ format: 'sklearn' })).toBe('kserve-sklearnserver v1');
  });

  it('picks MLServer for sklearn on v2: its format priority (2) beats the sklearn server (1)', () => {
    expect(names(supportingRuntimes({ format: 'sklearn', protocol: 'v2' }, offers))).toEqual([
      'kserve-mlserver',
      'kserve-sklearnserver',
    ]);
    expect(picked({ format: 'sklearn', protocol: 'v2' })).toBe('kserve-mlserver v2');
  });

  it('ignores formats that are not auto-selected unless the runtime is named', () => {
    expect(names(supportingRuntimes({ format: 'pytorch', protocol: 'v2' }, offers))).toEqual(['kserve-torchserve']);
    expect(picked({ format: 'pytorch', runtime: 'kserve-tritonserver', protocol: 'v2' })).toBe(
      'kserve-tritonserver v2',
    );
    expect(picked({ format: 'sklearn', runtime: 'kserve-predictiveserver' })).toBe('kserve-predictiveserver v1');
  });

  it('leaves multi-node runtimes to InferenceServices with a workerSpec', () => {
    // KServe writes the best-ranked protocol (v1 < v2), not the first listed.
    expect(picked({ format: 'huggingface' })).toBe('kserve-huggingfaceserver v1');
    expect(picked({ format: 'huggingface', multiNode: true })).toBe('kserve-huggingfaceserver-multinode v1');
  });

  it('matches a version only where the runtime lists it', () => {
    expect(picked({ format: 'xgboost', version: '1', protocol: 'v2' })).toBe('kserve-mlserver v2');
    expect(picked({ format: 'xgboost', version: '1' })).toBe(
      'NoSupportingRuntime: No runtime found to support specified framework/version',
    );
  });

  it('treats a runtime that lists no protocol as supporting any (vLLM)', () => {
    expect(picked({ format: 'vLLM', protocol: 'grpc-v2' })).toBe('kserve-vllmserver grpc-v2');
    expect(picked({ format: 'vLLM' })).toBe('kserve-vllmserver v1');
  });

  it("records KServe's failures for a named runtime", () => {
    expect(picked({ format: 'sklearn', runtime: 'nope' })).toBe(
      'RuntimeNotRecognized: Waiting for runtime to become available',
    );
    expect(picked({ format: 'sklearn', runtime: 'kserve-mlserver', protocol: 'v1' })).toBe(
      'NoSupportingRuntime: Specified runtime does not support specified protocol version',
    );
    expect(picked({ format: 'onnx', runtime: 'kserve-sklearnserver' })).toBe(
      'NoSupportingRuntime: Specified runtime does not support specified framework/version',
    );
    const disabled = runtimeOffers([], [runtime('off', ['v1'], [['sklearn', '1', true, 9]], { disabled: true })]);
    expect(picked({ format: 'sklearn', runtime: 'off' }, disabled)).toBe(
      'RuntimeDisabled: Specified runtime is disabled',
    );
    expect(picked({ format: 'sklearn' }, disabled)).toBe(
      'NoSupportingRuntime: No runtime found to support specified framework/version',
    );
  });

  it('prefers namespace ServingRuntimes over ClusterServingRuntimes, whatever their priority', () => {
    const mine = runtime('my-sklearn', ['v1'], [['sklearn', '1', true, undefined]]);
    const both = runtimeOffers([mine], kserveClusterRuntimes);
    expect(both.find((o) => o.name === 'my-sklearn')?.scope).toBe('namespace');
    expect(picked({ format: 'sklearn' }, both)).toBe('my-sklearn v1');
    // A namespace runtime of the same name as a cluster one wins when named.
    const shadow = runtimeOffers([runtime('kserve-mlserver', ['v1'], [['onnx', '1', false, undefined]])], []);
    expect(picked({ format: 'onnx', runtime: 'kserve-mlserver' }, [...shadow, ...offers])).toBe('kserve-mlserver v1');
  });

  it('orders runtimes of equal priority by protocol, then newest first, then name', () => {
    const at = (name: string, ts: string, protocols: string[]) =>
      servingRuntimeSchema.parse({
        metadata: { name, creationTimestamp: ts },
        spec: { protocolVersions: protocols, supportedModelFormats: [{ name: 'x', autoSelect: true }] },
      });
    const list = runtimeOffers(
      [
        at('b-old', '2026-01-01T00:00:00Z', ['v1']),
        at('a-old', '2026-01-01T00:00:00Z', ['v1']),
        at('new', '2026-06-01T00:00:00Z', ['v1']),
        at('v2-only', '2026-12-01T00:00:00Z', ['v2']),
      ],
      [],
    );
    expect(names(supportingRuntimes({ format: 'x', protocol: 'v2' }, list))).toEqual(['v2-only']);
    expect(names(supportingRuntimes({ format: 'x' }, list))).toEqual(['new', 'a-old', 'b-old']);
  });
});
