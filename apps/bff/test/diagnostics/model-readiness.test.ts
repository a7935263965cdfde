import { describe, expect, it } from 'vitest';
import { interpretProbe, readinessPlan } from '../../src/diagnostics/model-readiness';

const isvc = (model: Record<string, unknown>) => ({
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'iris', namespace: 'ns' },
  spec: { predictor: { model } },
});

describe('model readiness', () => {
  it('asks V2 health and the model`s ready, V1 the model list and the model, nothing for a custom container', () => {
    expect(readinessPlan(isvc({ modelFormat: { name: 'sklearn' }, protocolVersion: 'v2' }), 'iris')).toEqual({
      protocol: 'v2',
      model: 'iris',
      serverPath: '/v2/health/ready',
      modelPath: '/v2/models/iris/ready',
    });
    expect(readinessPlan(isvc({ modelFormat: { name: 'sklearn' } }), 'iris')).toMatchObject({
      protocol: 'v1',
      serverPath: '/v1/models',
      modelPath: '/v1/models/iris',
    });
    const custom = readinessPlan(
      { metadata: { name: 'c' }, spec: { predictor: { containers: [{ name: 'kserve-container', image: 'x' }] } } },
      'c',
    );
    expect(custom).toMatchObject({ protocol: 'custom' });
    expect('unsupported' in custom).toBe(true);
  });

  it('2xx is ready; a V1 model answer with ready false is not; other answers say their status and message', () => {
    expect(interpretProbe('/v2/health/ready', { kind: 'answer', status: 200, body: '' })).toEqual({
      path: '/v2/health/ready',
      state: 'ready',
      status: 200,
    });
    expect(
      interpretProbe('/v1/models/iris', { kind: 'answer', status: 200, body: '{"name":"iris","ready":false}' }, true),
    ).toMatchObject({ state: 'not-ready', status: 200 });
    expect(
      interpretProbe('/v2/models/iris/ready', {
        kind: 'answer',
        status: 404,
        body: '{"error":"Model with name iris does not exist."}',
      }),
    ).toEqual({
      path: '/v2/models/iris/ready',
      state: 'not-ready',
      status: 404,
      message: 'Model with name iris does not exist.',
    });
    expect(interpretProbe('/v1/models', { kind: 'unreachable', message: 'No answer within 5000 ms' })).toEqual({
      path: '/v1/models',
      state: 'unreachable',
      message: 'No answer within 5000 ms',
    });
  });
});
