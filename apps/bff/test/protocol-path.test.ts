import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpApiError } from '../src/http/api-error';
import { checkProtocolPath } from '../src/inference/protocol-path';

const refused = (p: string) => {
  try {
    checkProtocolPath(p);
    return false;
  } catch (err) {
    return err instanceof HttpApiError && err.apiError.status === 400;
  }
};

describe('checkProtocolPath', () => {
  it('accepts the V1, V2 and OpenAI protocol paths', () => {
    for (const p of [
      '/v1/models',
      '/v1/models/sklearn-iris',
      '/v1/models/sklearn-iris:predict',
      '/v1/models/sklearn-iris:explain',
      '/v2',
      '/v2/health/ready',
      '/v2/models/sklearn-irisv2/infer',
      '/v2/models/m/versions/1/ready',
      '/openai/v1/chat/completions',
      '/openai/v1/models',
    ]) {
      expect(checkProtocolPath(p)).toBe(p);
    }
  });

  it('refuses other paths, traversal, encoding and absolute URLs', () => {
    for (const p of [
      '/',
      '/metrics',
      '/v3/x',
      '/v1/other',
      '/v2/../metrics',
      '/v2/./x',
      '/v2/models/%2e%2e/x',
      '/v2/models/a%2fb',
      '/v2/models/a%5cb',
      '/v2//x',
      '//evil.example.com/v2',
      'http://evil.example.com/v2',
      '/v2/models/a\\..\\b',
      '/v2/models/a b',
      '/v2/models/a\nb',
      '/openai/v1/',
    ]) {
      expect(refused(p), p).toBe(true);
    }
  });

  it('never lets a dot-dot segment or a percent sign through', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('v2', 'models', '..', '.', '%2e', 'x', '%2F', ''), { maxLength: 6 }),
        (segs) => {
          const p = `/v2/${segs.join('/')}`;
          if (segs.includes('..') || segs.includes('.') || p.includes('%')) expect(refused(p)).toBe(true);
        },
      ),
    );
  });
});
