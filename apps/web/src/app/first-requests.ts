import { apiPaths } from '@servedeck/shared';
import { matchPath } from 'react-router';

/**
 * The GETs the page at `pathname` (relative to the base path) makes first, asked by main.tsx before the first
 * render (lib/http.ts `askEarly`) so they travel while the page's chunks load. Only for the first page of a visit:
 * later pages find their chunks loaded. The details page's Overview waits for all three (Lighthouse's LCP there is
 * a finding drawn from them); the list page's first paint is its heading, which needs no data, and its list query
 * compares its answer's time with the watch stream's (lib/isvc-queries.ts), so it is left to ask for itself.
 */
export function firstRequests(pathname: string): string[] {
  const m = matchPath('/ns/:ns/isvc/:name/:tab?', pathname);
  const { ns, name } = m?.params ?? {};
  if (!ns || !name) return [];
  return [apiPaths.isvc(ns, name), apiPaths.isvcResources(ns, name), apiPaths.isvcEvents(ns, name)];
}
