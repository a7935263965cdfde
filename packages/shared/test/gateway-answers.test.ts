import { describe, expect, it } from 'vitest';
import { gatewayAnswer } from '../src/gateway-answers';

describe('gatewayAnswer', () => {
  it("names Envoy's two 503s", () => {
    expect(gatewayAnswer(503, 'no healthy upstream')).toBe('noHealthyUpstream');
    expect(gatewayAnswer(503, 'no healthy upstream\n')).toBe('noHealthyUpstream');
    expect(
      gatewayAnswer(
        503,
        'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
      ),
    ).toBe('upstreamReset');
  });

  it('leaves other answers alone: another status, a model server 503, text that merely mentions it', () => {
    expect(gatewayAnswer(502, 'no healthy upstream')).toBeUndefined();
    expect(gatewayAnswer(503, '{"error":"Model iris is not ready"}')).toBeUndefined();
    expect(gatewayAnswer(503, 'the log says: no healthy upstream')).toBeUndefined();
    expect(gatewayAnswer(503, '')).toBeUndefined();
  });
});
