import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32Combine, gzipOf, gzipPiece, gzipPieceSync } from '../src/http/gzip-pieces';

describe('gzip answers joined from pieces compressed apart', () => {
  it('combines CRC-32s as zlib computes them over the joined bytes', () => {
    for (const [a, b] of [
      [Buffer.from(''), Buffer.from('x')],
      [Buffer.from('{"items":['), Buffer.from('"한국어",1]}')],
      [randomBytes(1), randomBytes(70_000)],
      [randomBytes(100_003), randomBytes(3)],
    ] as const) {
      expect(crc32Combine(zlib.crc32(a), zlib.crc32(b), b.length)).toBe(zlib.crc32(Buffer.concat([a, b])));
    }
  });

  it('is one valid gzip member of the pieces one after another (empty pieces skipped)', async () => {
    const parts = [
      Buffer.from('{"items":['),
      Buffer.from(JSON.stringify({ a: 'é'.repeat(40_000) })),
      Buffer.alloc(0),
      Buffer.from(','),
      randomBytes(50_000),
      Buffer.from(']}'),
    ];
    const pieces = await Promise.all(parts.map((p, i) => (i % 2 ? gzipPiece(p) : Promise.resolve(gzipPieceSync(p)))));
    const gz = Buffer.concat(gzipOf(pieces));
    expect(zlib.gunzipSync(gz).equals(Buffer.concat(parts))).toBe(true);
    // a streaming reader (what fetch and browsers use) ends at the same place: one member, nothing after it
    const streamed = await new Response(
      new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip')),
    ).arrayBuffer();
    expect(Buffer.from(streamed).equals(Buffer.concat(parts))).toBe(true);
  });

  it('is a valid empty answer without pieces', () => {
    expect(zlib.gunzipSync(Buffer.concat(gzipOf([]))).length).toBe(0);
  });
});
