import type { Request, Response } from 'express';
import { type GzipPiece, gzipOf, gzipPiece, gzipPieceSync } from '../http/gzip-pieces';
import type { CollectionWatch } from './collection-watch';
import { LIST_HEAD, listTail } from './json';

/**
 * A list answered wholly from live watches, as bytes made per part (namespace) and kept until that part
 * changes: its JSON (the objects' JSON joined, made once per object by CollectionWatch) and, for clients
 * that take gzip, its compressed piece. An answer joins the parts' bytes without copying them, so one
 * changed object costs its namespace's bytes again, not the whole list's (5,000 objects in 50 namespaces:
 * ~1/50 of the JSON and of the compression).
 *
 * gzip even when the client also takes br: a gzip answer can be joined from pieces compressed apart
 * (gzip-pieces.ts), a br one cannot, and br's few percent smaller answer would cost compressing the whole
 * list again on every change. Clients without gzip get the JSON as it is.
 */
type PartBytes = {
  generation: number;
  /** Dropped once `gzip` is made (made again if a client without gzip asks): one copy per part, not two. */
  json: Buffer | undefined;
  gzip: Promise<GzipPiece> | undefined;
};

const bytes = new WeakMap<CollectionWatch, PartBytes>();

function current(part: CollectionWatch): PartBytes {
  const hit = bytes.get(part);
  if (hit && hit.generation === part.generation) return hit;
  const entry: PartBytes = { generation: part.generation, json: undefined, gzip: undefined };
  bytes.set(part, entry);
  return entry;
}

function jsonOf(part: CollectionWatch, e: PartBytes): Buffer {
  e.json ??= Buffer.from(part.itemsJson(), 'utf8');
  return e.json;
}

function gzipOfPart(part: CollectionWatch, e: PartBytes): Promise<GzipPiece> {
  if (!e.gzip) {
    e.gzip = gzipPiece(jsonOf(part, e));
    void e.gzip.then(
      () => {
        e.json = undefined;
      },
      () => {
        e.gzip = undefined;
      },
    );
  }
  return e.gzip;
}

const COMMA = Buffer.from(',');
const COMMA_GZIP = gzipPieceSync(COMMA);

/** Compressed pieces made for this part state so far (tests: an unchanged part is not compressed again). */
export function gzipPieceOf(part: CollectionWatch): Promise<GzipPiece> | undefined {
  const e = bytes.get(part);
  return e && e.generation === part.generation ? e.gzip : undefined;
}

/**
 * Send `{"items":[...],"resourceVersion"?,"warnings":[...]}` of these parts (the same text as listJson of
 * their itemsJson), from each part's bytes as of now.
 */
export async function sendWatchedList(
  req: Request,
  res: Response,
  parts: CollectionWatch[],
  resourceVersion: string | undefined,
  warnings: string[],
): Promise<void> {
  // every part's state is taken now, together: the answer is the list as of one moment
  const states = parts.map((p) => ({ part: p, e: current(p) })).filter((s) => s.part.items.size > 0);
  const tail = Buffer.from(listTail(resourceVersion, warnings), 'utf8');
  const gzip = req.acceptsEncodings('gzip') === 'gzip';
  let body: Buffer[];
  if (gzip) {
    const pieces = await Promise.all(states.map((s) => gzipOfPart(s.part, s.e)));
    const joined: GzipPiece[] = [gzipPieceSync(LIST_HEAD)];
    pieces.forEach((p, i) => {
      if (i > 0) joined.push(COMMA_GZIP);
      joined.push(p);
    });
    joined.push(gzipPieceSync(tail));
    body = gzipOf(joined);
  } else {
    body = [Buffer.from(LIST_HEAD)];
    states.forEach((s, i) => {
      if (i > 0) body.push(COMMA);
      body.push(jsonOf(s.part, s.e));
    });
    body.push(tail);
  }
  res.status(200);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Vary', 'Accept-Encoding');
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader(
    'Content-Length',
    body.reduce((n, b) => n + b.length, 0),
  );
  // written as they are (the response corks its socket until the next tick): no copy of the list
  for (const b of body) res.write(b);
  res.end();
}
