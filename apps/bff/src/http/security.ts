import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * helmet with a CSP for the SPA: scripts only from us (no inline scripts), Monaco's workers from us or
 * blob: (`worker-src 'self' blob:`), inline styles allowed (Monaco injects style elements), no framing.
 * form-action includes the issuer, since a form may end in a redirect to it.
 */
export function securityHeaders(publicUrl: string, issuer: string | undefined): RequestHandler {
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
