import { describe, expect, it } from 'vitest';
import * as fixtures from '../src/fixtures/index';
import {
  defaultPayload,
  inferOperation,
  parseServerTiming,
  v2ModelMetadataSchema,
  v2RequestFromMetadata,
} from '../src/payloads';

describe('payload templates', () => {
  it('builds a V2 request from model metadata: names, concrete shapes, datatypes, zero data', () => {
    const meta = v2ModelMetadataSchema.parse(fixtures.irisV2Metadata);
    expect(v2RequestFromMetadata(meta)).toEqual({
      inputs: [{ name: 'input-0', shape: [1, 4], datatype: 'FP32', data: [0, 0, 0, 0] }],
    });
    const multi = v2ModelMetadataSchema.parse({
      name: 'm',
      inputs: [
        { name: 'text', datatype: 'BYTES', shape: [2] },
        { name: 'mask', datatype: 'BOOL', shape: [1, 2] },
      ],
    });
    expect(v2RequestFromMetadata(multi).inputs.map((i) => i.data)).toEqual([
      ['', ''],
      [false, false],
    ]);
  });

  it('offers V1 and OpenAI templates and protocol paths', () => {
    expect(defaultPayload('v1-predict', 'iris', 'sklearn')).toEqual({
      instances: [
        [6.8, 2.8, 4.8, 1.4],
        [6.0, 3.4, 4.5, 1.6],
      ],
    });
    expect(defaultPayload('openai-chat', 'llm')).toMatchObject({ model: 'llm', stream: true });
    expect(inferOperation('v1-explain').path('iris')).toBe('/v1/models/iris:explain');
    expect(inferOperation('v2-ready').path('iris')).toBe('/v2/models/iris/ready');
  });

  it('parses Server-Timing', () => {
    expect(parseServerTiming('upstream;dur=12.5, proxy;desc="bff";dur=1')).toEqual([
      { name: 'upstream', dur: 12.5 },
      { name: 'proxy', desc: 'bff', dur: 1 },
    ]);
  });
});
