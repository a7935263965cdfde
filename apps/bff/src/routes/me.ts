import type { Me } from '@servedeck/shared';
import { Router } from 'express';
import { csrfToken } from '../auth/csrf';
import { principalOf } from '../auth/require-session';
import { namespacesFor, type RouteContext } from './context';

export function meRoutes(ctx: RouteContext): Router {
  const r = Router();
  r.get('/api/me', (req, res) => {
    const p = principalOf(req);
    const me: Me = {
      user: { name: p.user.name, ...(p.user.email ? { email: p.user.email } : {}), groups: p.user.groups },
      mode: p.mode,
      ...(p.expiresAt ? { expiresAt: p.expiresAt } : {}),
      csrfToken: csrfToken(req),
      passwordLogin: ctx.config.passwordLogin,
      ...(ctx.config.gatewayUrl ? { gatewayUrl: ctx.config.gatewayUrl } : {}),
      cluster: { name: ctx.config.clusterName ?? ctx.cluster.contextName ?? 'in-cluster', server: ctx.cluster.server },
    };
    res.setHeader('Cache-Control', 'no-store');
    res.json(me);
  });
  r.get('/api/namespaces', async (req, res) => {
    const names = await namespacesFor(ctx, principalOf(req));
    res.json({ items: names.map((name) => ({ name })) });
  });
  return r;
}
