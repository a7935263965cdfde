import { z } from 'zod';

/** The console's operations: protocol, method, path and whether the response streams. */
export type InferOperation = {
  id:
    | 'v1-predict'
    | 'v1-explain'
    | 'v1-model'
    | 'v2-infer'
    | 'v2-metadata'
    | 'v2-ready'
    | 'openai-chat'
    | 'openai-completions';
  label: string;
  protocol: 'v1' | 'v2' | 'openai';
  method: 'GET' | 'POST';
  path: (model: string) => string;
};

const enc = encodeURIComponent;
export const INFER_OPERATIONS: readonly InferOperation[] = [
  {
    id: 'v1-predict',
    label: 'V1 predict',
    protocol: 'v1',
    method: 'POST',
    path: (m) => `/v1/models/${enc(m)}:predict`,
  },
  {
    id: 'v1-explain',
    label: 'V1 explain',
    protocol: 'v1',
    method: 'POST',
    path: (m) => `/v1/models/${enc(m)}:explain`,
  },
  { id: 'v1-model', label: 'V1 model status', protocol: 'v1', method: 'GET', path: (m) => `/v1/models/${enc(m)}` },
  { id: 'v2-infer', label: 'V2 infer', protocol: 'v2', method: 'POST', path: (m) => `/v2/models/${enc(m)}/infer` },
  { id: 'v2-metadata', label: 'V2 model metadata', protocol: 'v2', method: 'GET', path: (m) => `/v2/models/${enc(m)}` },
  { id: 'v2-ready', label: 'V2 model ready', protocol: 'v2', method: 'GET', path: (m) => `/v2/models/${enc(m)}/ready` },
  {
    id: 'openai-chat',
    label: 'OpenAI chat completions',
    protocol: 'openai',
    method: 'POST',
    path: () => '/openai/v1/chat/completions',
  },
  {
    id: 'openai-completions',
    label: 'OpenAI completions',
    protocol: 'openai',
    method: 'POST',
    path: () => '/openai/v1/completions',
  },
];

export function inferOperation(id: InferOperation['id']): InferOperation {
  const op = INFER_OPERATIONS.find((o) => o.id === id);
  if (!op) throw new Error(`unknown operation ${id}`);
  return op;
}

const tensorMetaSchema = z.object({
  name: z.string(),
  datatype: z.string(),
  shape: z.array(z.number().int()),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
export type TensorMeta = z.infer<typeof tensorMetaSchema>;

/** `GET /v2/models/NAME`: model metadata of the Open Inference Protocol. */
export const v2ModelMetadataSchema = z.object({
  name: z.string(),
  versions: z.array(z.string()).optional(),
  platform: z.string().optional(),
  inputs: z.array(tensorMetaSchema).default([]),
  outputs: z.array(tensorMetaSchema).default([]),
});
export type V2ModelMetadata = z.infer<typeof v2ModelMetadataSchema>;

export const v2InferResponseSchema = z.object({
  model_name: z.string(),
  model_version: z.string().optional(),
  id: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  outputs: z.array(tensorMetaSchema.extend({ data: z.array(z.unknown()) })),
});
export type V2InferResponse = z.infer<typeof v2InferResponseSchema>;

/** A sample value for one element of a tensor of this datatype. */
export function sampleValue(datatype: string): number | string | boolean {
  const dt = datatype.toUpperCase();
  if (dt === 'BYTES') return '';
  if (dt === 'BOOL') return false;
  if (dt.startsWith('FP')) return 0.0;
  return 0;
}

/** Variable dimensions (-1) become 1 so the template is a valid request. */
export function concreteShape(shape: readonly number[]): number[] {
  return shape.map((d) => (d < 0 ? 1 : d));
}

/** A V2 inference request with one zero-filled, row-major (flat) tensor per declared input. */
export function v2RequestFromMetadata(meta: V2ModelMetadata): {
  inputs: { name: string; shape: number[]; datatype: string; data: unknown[] }[];
} {
  return {
    inputs: meta.inputs.map((input) => {
      const shape = concreteShape(input.shape);
      const size = shape.reduce((a, b) => a * b, 1);
      return {
        name: input.name,
        shape,
        datatype: input.datatype,
        data: Array.from({ length: size }, () => sampleValue(input.datatype)),
      };
    }),
  };
}

/** Templates for the operations that have no metadata to start from. */
export function defaultPayload(op: InferOperation['id'], model: string, format?: string): unknown {
  switch (op) {
    case 'v1-predict':
    case 'v1-explain':
      return {
        instances:
          format?.startsWith('sklearn') || format?.startsWith('xgboost') || format?.startsWith('lightgbm')
            ? [
                [6.8, 2.8, 4.8, 1.4],
                [6.0, 3.4, 4.5, 1.6],
              ]
            : [[0]],
      };
    case 'v2-infer':
      return {
        inputs: [{ name: 'input-0', shape: [2, 4], datatype: 'FP32', data: [6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6] }],
      };
    case 'openai-chat':
      return { model, messages: [{ role: 'user', content: 'Say hello in five words.' }], max_tokens: 64, stream: true };
    case 'openai-completions':
      return { model, prompt: 'The capital of France is', max_tokens: 32, stream: true };
    default:
      return undefined;
  }
}

/** Parse the `Server-Timing` header into name → duration in milliseconds. */
export function parseServerTiming(header: string | null | undefined): { name: string; dur?: number; desc?: string }[] {
  if (!header) return [];
  return header.split(',').flatMap((part) => {
    const [rawName, ...params] = part.trim().split(';');
    const name = rawName?.trim();
    if (!name) return [];
    const entry: { name: string; dur?: number; desc?: string } = { name };
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      const value = v?.trim().replace(/^"|"$/g, '');
      if (k === 'dur' && value !== undefined && !Number.isNaN(Number(value))) entry.dur = Number(value);
      if (k === 'desc' && value !== undefined) entry.desc = value;
    }
    return [entry];
  });
}
