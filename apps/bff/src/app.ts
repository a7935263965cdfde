import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';

export type AppDeps = {
  /** Folder of the built web app; when absent only the API is served. */
  webDist: string | undefined;
  /** Readiness: resolves true when the apiserver (or whatever we depend on) answers. */
  isReady: () => Promise<boolean>;
};

/** Build the Express app without listening, so tests can drive it directly. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await deps.isReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });

  if (deps.webDist && existsSync(join(deps.webDist, 'index.html'))) {
    const dist = deps.webDist;
    // Hashed assets never change: cache them for a year. index.html must always be revalidated.
    app.use('/assets', express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
    app.use(express.static(dist, { index: false, maxAge: 0 }));
    app.get(/^\/(?!api\/|auth\/).*/, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(dist, 'index.html'));
    });
  }
  return app;
}
