import type { OutgoingHttpHeader } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet with a CSP for the SPA: scripts only from us (no inline scripts), Monaco's workers from us or
 * blob: (`worker-src 'self' blob:`), inline styles allowed (Monaco injects style elements), no framing.
 * form-action includes the issuer, since a form may end in a redirect to it.
 */
function helmetFor(publicUrl: string, issuer: string | undefined): RequestHandler {
  const https = publicUrl.startsWith('https:');
  const formAction = ["'self'", ...(issuer ? [new URL(issuer).origin] : [])];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction,
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: https ? { maxAge: 31536000 } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
}

export type HeaderList = ReadonlyArray<readonly [string, OutgoingHttpHeader]>;

/**
 * The headers helmet sets, computed once: helmet's output does not depend on the request with this
 * configuration (no nonces), so every answer gets the same list without running a dozen middlewares.
 */
export function securityHeaderList(publicUrl: string, issuer: string | undefined): HeaderList {
  const list: Array<[string, OutgoingHttpHeader]> = [];
  const res = {
    setHeader(name: string, value: OutgoingHttpHeader) {
      list.push([name, value]);
      return res;
    },
    removeHeader() {},
    getHeader() {
      return undefined;
    },
    locals: {},
  };
  let ran = false;
  const run = helmetFor(publicUrl, issuer) as unknown as (
    req: unknown,
    r: unknown,
    next: (err?: unknown) => void,
  ) => void;
  run({ headers: {} }, res, (err) => {
    if (err) throw err;
    ran = true;
  });
  if (!ran) throw new Error('helmet did not finish synchronously');
  return list;
}

export function setHeaders(res: { setHeader(name: string, value: OutgoingHttpHeader): unknown }, list: HeaderList) {
  for (const [name, value] of list) res.setHeader(name, value);
}

export function securityHeaders(publicUrl: string, issuer: string | undefined): RequestHandler {
  const list = securityHeaderList(publicUrl, issuer);
  return (_req, res, next) => {
    setHeaders(res, list);
    next();
  };
}
