/** The V2 inference payloads: the seed's iris sample, and generated 1 MB / 10 MB ones (JSON and binary). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const IRIS_SAMPLE = '/work/shared/kserve/samples/v1beta1_sklearn_v2_iris-input.json';

export type Payload = {
  id: string;
  label: string;
  file: string;
  bytes: number;
  headers: Record<string, string>;
};

/** Iris-like rows (4 features, one decimal), deterministic. */
function row(i: number): [number, number, number, number] {
  const f = (base: number, spread: number, k: number): number =>
    Math.round((base + ((i * k) % 37) * (spread / 37)) * 10) / 10;
  return [f(4.3, 3.6, 7), f(2.0, 2.4, 11), f(1.0, 5.9, 13), f(0.1, 2.4, 17)];
}

/** A V2 JSON request of about `targetBytes` (flat FP32 data, shape [n, 4]). */
export function jsonPayload(targetBytes: number): Buffer {
  const perRow = 16; // "6.8,2.8,4.8,1.4," on average
  const n = Math.max(1, Math.floor(targetBytes / perRow));
  const values: string[] = [];
  for (let i = 0; i < n; i++) values.push(row(i).join(','));
  return Buffer.from(`{"inputs":[{"name":"input-0","shape":[${n},4],"datatype":"FP32","data":[${values.join(',')}]}]}`);
}

/**
 * A V2 binary tensor extension request of about `targetBytes`: a JSON header naming `binary_data_size`,
 * then the raw little-endian FP32 tensor. `Inference-Header-Content-Length` is the header's length.
 */
export function binaryPayload(targetBytes: number): { body: Buffer; headerLength: number } {
  const n = Math.max(1, Math.floor(targetBytes / 16));
  const data = Buffer.alloc(n * 16);
  for (let i = 0; i < n; i++) {
    const r = row(i);
    for (let j = 0; j < 4; j++) data.writeFloatLE(r[j] ?? 0, (i * 4 + j) * 4);
  }
  const header = Buffer.from(
    JSON.stringify({
      inputs: [{ name: 'input-0', shape: [n, 4], datatype: 'FP32', parameters: { binary_data_size: data.length } }],
    }),
  );
  return { body: Buffer.concat([header, data]), headerLength: header.length };
}

const MB = 1024 * 1024;

/** Write the payload files; `sizes` in MB for the generated ones. */
export function preparePayloads(dir: string, sizesMb: number[]): Payload[] {
  const json = { 'content-type': 'application/json' };
  const iris = readFileSync(IRIS_SAMPLE);
  const irisFile = join(dir, 'iris.json');
  writeFileSync(irisFile, iris);
  const out: Payload[] = [
    { id: 'iris', label: 'iris sample (JSON)', file: irisFile, bytes: iris.length, headers: json },
  ];
  for (const mb of sizesMb) {
    const j = jsonPayload(mb * MB);
    const jf = join(dir, `v2-${mb}mb.json`);
    writeFileSync(jf, j);
    out.push({ id: `json-${mb}mb`, label: `${mb} MB JSON`, file: jf, bytes: j.length, headers: json });
    const b = binaryPayload(mb * MB);
    const bf = join(dir, `v2-${mb}mb.bin`);
    writeFileSync(bf, b.body);
    out.push({
      id: `bin-${mb}mb`,
      label: `${mb} MB binary`,
      file: bf,
      bytes: b.body.length,
      headers: {
        'content-type': 'application/octet-stream',
        'inference-header-content-length': String(b.headerLength),
      },
    });
  }
  return out;
}
