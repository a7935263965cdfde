import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * One gzip answer joined from pieces compressed on their own (RFC 1951/1952): each piece is raw deflate
 * ended by a sync flush (byte-aligned, not the final block), so pieces can be laid one after another and
 * closed with an empty final block; the gzip trailer's CRC-32 is combined from the pieces' own CRCs. A
 * piece that did not change since the last answer (a namespace of a list) is not compressed again.
 */
export type GzipPiece = {
  /** Raw deflate of the piece's bytes, ended by a sync flush. */
  deflated: Buffer;
  /** CRC-32 of the piece's (uncompressed) bytes. */
  crc: number;
  /** Length of the piece's (uncompressed) bytes. */
  length: number;
};

const SYNC = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const deflateRaw = promisify(zlib.deflateRaw);

/** A piece compressed on libuv's thread pool (many pieces compress in parallel). */
export async function gzipPiece(data: Buffer): Promise<GzipPiece> {
  return { deflated: await deflateRaw(data, SYNC), crc: zlib.crc32(data), length: data.length };
}

/** A small piece (the glue between large ones) compressed at once. */
export function gzipPieceSync(data: Buffer | string): GzipPiece {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { deflated: zlib.deflateRawSync(buf, SYNC), crc: zlib.crc32(buf), length: buf.length };
}

/** gzip member header: deflate, no flags, no time, unknown OS. */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);
/** An empty stored block marked final: ends the deflate stream after byte-aligned pieces. */
const FINAL = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);

const POLY = 0xedb88320;

/** a(x)·b(x) modulo the CRC-32 polynomial (bit-reflected, as zlib's multmodp). */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  let bb = b >>> 0;
  for (;;) {
    if ((a & m) !== 0) {
      p ^= bb;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    bb = bb & 1 ? (bb >>> 1) ^ POLY : bb >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) modulo the polynomial, k = 0..31. */
const X2N: number[] = (() => {
  const t = [0x40000000];
  for (let k = 1; k < 32; k++) t.push(multModP(t[k - 1] ?? 0, t[k - 1] ?? 0));
  return t;
})();

/** x^(n·2^k) modulo the polynomial. */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000;
  let kk = k;
  for (let nn = n; nn > 0; nn = Math.floor(nn / 2)) {
    if (nn % 2 === 1) p = multModP(X2N[kk & 31] ?? 0, p);
    kk++;
  }
  return p;
}

/** CRC-32 of A followed by B from crc(A), crc(B) and B's length (zlib's crc32_combine). */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  return (multModP(x2nModP(lengthB, 3), crcA >>> 0) ^ crcB) >>> 0;
}

/** The gzip answer (as buffers to write in order) of the pieces' bytes one after another. */
export function gzipOf(pieces: GzipPiece[]): Buffer[] {
  let crc = 0;
  let length = 0;
  const out: Buffer[] = [HEADER];
  for (const p of pieces) {
    if (p.length === 0) continue;
    crc = crc32Combine(crc, p.crc, p.length);
    length += p.length;
    out.push(p.deflated);
  }
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(length % 2 ** 32, 4);
  out.push(FINAL, trailer);
  return out;
}
