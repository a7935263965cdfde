import { type ApiError, CSRF_HEADER, reasonForHttpStatus } from '@servedeck/shared';
import type { z } from 'zod';
import { withBase } from './base-path';

/** A failed call to the BFF: always carries the shared ApiError (status, reason, message, causes). */
export class HttpError extends Error {
  readonly apiError: ApiError;
  constructor(apiError: ApiError) {
    super(apiError.message);
    this.name = 'HttpError';
    this.apiError = apiError;
  }
  get status(): number {
    return this.apiError.status;
  }
}

export function asApiError(error: unknown): ApiError | undefined {
  return error instanceof HttpError ? error.apiError : undefined;
}

let csrfToken: string | undefined;
/** Set from `GET /api/me`; sent on every mutating request. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

type Listener = (error: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called whenever the BFF answers 401 Unauthenticated: the session is gone (expired or signed out elsewhere). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** Turn any failing response into an ApiError: the BFF's JSON error body, or a description of what came back. */
export async function apiErrorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  const parsed = await parseApiError(body);
  if (parsed) return parsed;
  const requestId = res.headers.get('x-request-id') ?? undefined;
  return {
    status: res.status,
    reason: reasonForHttpStatus(res.status),
    message:
      typeof body === 'string' && body
        ? body.slice(0, 500)
        : `The server answered ${res.status} ${res.statusText}`.trim(),
    causes: [],
    ...(requestId ? { requestId } : {}),
  };
}

/** The BFF's error body, checked with its schema (loaded with the first failure; see lib/shell-schemas.ts). */
async function parseApiError(body: unknown): Promise<ApiError | undefined> {
  if (typeof body !== 'object' || body === null) return undefined;
  try {
    const { apiErrorSchema } = await import('./shell-schemas');
    const parsed = apiErrorSchema.safeParse(body);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // the schema's chunk did not load (a new deploy): describe what came back instead
  }
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON body. */
  json?: unknown;
  /** Raw body with its content type. */
  body?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
};

export function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

/** fetch with the CSRF header and same-origin cookies; any HTTP status is returned. */
async function doFetch(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = opts.contentType ?? 'application/json';
  } else if (opts.contentType) {
    headers['content-type'] = opts.contentType;
  }
  try {
    return await fetch(withBase(withQuery(path, opts.query)), {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body }),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new HttpError({
      status: 0,
      reason: 'NetworkError',
      message: 'The server could not be reached. Check your connection and retry.',
      causes: [],
    });
  }
}

/**
 * The BFF's own 401 (reason `Unauthenticated`): the session is gone. A 401 the apiserver gave the BFF for the
 * user's ID token (reason `Unauthorized`) is not: the session is valid and the cluster refused its token (right
 * after the identity provider rotated its keys, or a cluster that does not trust it: docs/known-issues.md 3).
 */
export function sessionGone(status: number, err: Pick<ApiError, 'reason'>): boolean {
  return status === 401 && err.reason === 'Unauthenticated';
}

/** Tell the app the session is gone (also used by the watch streams' `event: error`). */
export function broadcast401(err: ApiError): void {
  for (const l of unauthenticatedListeners) l(err);
}

/** fetch with the CSRF header; failures become HttpError carrying the ApiError; a gone session is broadcast. */
export async function send(path: string, opts: RequestOptions = {}): Promise<Response> {
  const res = await doFetch(path, opts);
  if (!res.ok) {
    const err = await apiErrorFromResponse(res);
    if (sessionGone(res.status, err)) broadcast401(err);
    throw new HttpError(err);
  }
  return res;
}

/** How long an early answer waits for its reader: past that, the reader asks again (the answer may be old). */
const EARLY_TTL_MS = 10_000;
const early = new Map<string, { at: number; answer: Promise<Response> }>();

/**
 * GET `path` now, before the code that reads it has loaded: the first page's data is asked while its chunks
 * download instead of after they have run and rendered (app/first-requests.ts). The next plain GET of `path` by
 * {@link requestJson} takes this answer, once, within 10 s.
 */
export function askEarly(path: string): void {
  const answer = send(path);
  answer.catch(() => undefined); // read (and reported) by the request that takes it
  early.set(path, { at: Date.now(), answer });
}

function takeEarly(path: string, opts: RequestOptions): Promise<Response> | undefined {
  const plainGet =
    (opts.method ?? 'GET') === 'GET' && !opts.query && opts.body === undefined && opts.json === undefined;
  const hit = plainGet ? early.get(path) : undefined;
  if (!hit) return undefined;
  early.delete(path);
  return Date.now() - hit.at <= EARLY_TTL_MS ? hit.answer : undefined;
}

/** A JSON call validated with a zod schema (the BFF is a process boundary). */
export async function requestJson<S extends z.ZodType>(
  path: string,
  schema: S,
  opts: RequestOptions = {},
): Promise<z.output<S>> {
  return checked(path, await readJson(await (takeEarly(path, opts) ?? send(path, opts))), schema);
}

/**
 * {@link requestJson} with a schema loaded while the request is out: for the shell's calls (session, namespaces,
 * sign-out), whose schemas stay out of the first script (lib/shell-schemas.ts).
 */
export async function requestJsonLoading<S extends z.ZodType>(
  path: string,
  loadSchema: () => Promise<S>,
  opts: RequestOptions = {},
): Promise<z.output<S>> {
  const [data, schema] = await Promise.all([send(path, opts).then(readJson), loadSchema()]);
  return checked(path, data, schema);
}

async function readJson(res: Response): Promise<unknown> {
  return res.status === 204 ? undefined : await res.json();
}

function checked<S extends z.ZodType>(path: string, data: unknown, schema: S): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new HttpError({
      status: 502,
      reason: 'BadResponse',
      message: `Unexpected answer from ${path}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      causes: [],
    });
  }
  return parsed.data;
}

/**
 * For the test console: the response whatever its status (the upstream's answer is the point). Only a
 * 401 from the BFF itself (reason Unauthenticated: the session is gone) is broadcast.
 */
export async function sendRaw(path: string, opts: RequestOptions = {}): Promise<Response> {
  const res = await doFetch(path, opts);
  if (res.status === 401) {
    const err = await apiErrorFromResponse(res.clone());
    if (sessionGone(res.status, err)) broadcast401(err);
  }
  return res;
}
