/**
 * Gateway API routing of the sandbox gateway (what Envoy Gateway or Istio do for a Gateway of their class): the
 * HTTPRoutes attached to the sandbox's Gateways, matched by hostname, path (Exact, PathPrefix), method and
 * headers with the Gateway API's precedence, the URLRewrite filter applied, and a weighted Service backendRef
 * chosen. KServe's LLMInferenceService controller writes such routes (`NAME-kserve-route`). Pure.
 */

export type GatewayRef = { namespace: string; name: string };

type PathMatch = { type?: string; value?: string };
type HeaderMatch = { type?: string; name: string; value: string };
export type RouteMatch = { path?: PathMatch; headers?: HeaderMatch[]; method?: string };
export type BackendRef = {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
};
type UrlRewrite = { hostname?: string; path?: { type: string; replacePrefixMatch?: string; replaceFullPath?: string } };
export type RouteRule = {
  name?: string;
  matches?: RouteMatch[];
  filters?: { type: string; urlRewrite?: UrlRewrite }[];
  backendRefs?: BackendRef[];
};
export type ParentRef = { group?: string; kind?: string; namespace?: string; name: string; sectionName?: string };
export type HttpRouteLike = {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string | Date; generation?: number };
  spec?: { parentRefs?: ParentRef[]; hostnames?: string[]; rules?: RouteRule[] };
};

const gatewayGroup = 'gateway.networking.k8s.io';

/** Whether a parentRef names the Gateway (group and kind default to Gateway API's Gateway, namespace to the route's). */
export function refersTo(ref: ParentRef, routeNamespace: string, gw: GatewayRef): boolean {
  return (
    (ref.group ?? gatewayGroup) === gatewayGroup &&
    (ref.kind ?? 'Gateway') === 'Gateway' &&
    ref.name === gw.name &&
    (ref.namespace ?? routeNamespace) === gw.namespace
  );
}

export function attachedTo(route: HttpRouteLike, gateways: GatewayRef[]): boolean {
  const ns = route.metadata?.namespace ?? '';
  return (route.spec?.parentRefs ?? []).some((r) => gateways.some((g) => refersTo(r, ns, g)));
}

function hostMatches(patterns: string[] | undefined, host: string): boolean {
  if (!patterns || patterns.length === 0) return true;
  return patterns.some((p) => {
    const pat = p.toLowerCase();
    if (pat.startsWith('*.')) return host.endsWith(pat.slice(1)) && host.length > pat.length - 1;
    return pat === host;
  });
}

/** Gateway API PathPrefix: element-wise (`/a/b` matches `/a/b` and `/a/b/c`, not `/a/bc`). */
function prefixMatches(prefix: string, path: string): boolean {
  const p = prefix.length > 1 ? prefix.replace(/\/+$/, '') : prefix;
  if (p === '/') return true;
  return path === p || path.startsWith(`${p}/`);
}

type Scored = { exact: boolean; prefixLen: number; method: boolean; headers: number };

function matchOne(m: RouteMatch, method: string, path: string, headers: Record<string, string>): Scored | undefined {
  const type = m.path?.type ?? 'PathPrefix';
  const value = m.path?.value ?? '/';
  if (type === 'Exact' && path !== value) return undefined;
  if (type === 'PathPrefix' && !prefixMatches(value, path)) return undefined;
  if (type === 'RegularExpression' && !new RegExp(`^(?:${value})$`).test(path)) return undefined;
  if (m.method && m.method.toUpperCase() !== method.toUpperCase()) return undefined;
  for (const h of m.headers ?? []) {
    const got = headers[h.name.toLowerCase()];
    if (got === undefined) return undefined;
    if ((h.type ?? 'Exact') === 'Exact' ? got !== h.value : !new RegExp(`^(?:${h.value})$`).test(got)) return undefined;
  }
  return {
    exact: type === 'Exact',
    prefixLen: type === 'PathPrefix' ? value.length : 0,
    method: !!m.method,
    headers: (m.headers ?? []).length,
  };
}

/** Gateway API precedence: exact path, longest prefix, method, most header matches (then route age, name, order). */
function better(a: Scored, b: Scored): boolean {
  if (a.exact !== b.exact) return a.exact;
  if (a.prefixLen !== b.prefixLen) return a.prefixLen > b.prefixLen;
  if (a.method !== b.method) return a.method;
  return a.headers > b.headers;
}

export type RouteDecision = {
  route: { namespace: string; name: string };
  rule: RouteRule;
  /** The path (with query) to send upstream, after URLRewrite. */
  path: string;
  backend: BackendRef | undefined;
};

function rewritePath(rule: RouteRule, matched: RouteMatch, path: string, query: string): string {
  const rw = rule.filters?.find((f) => f.type === 'URLRewrite')?.urlRewrite?.path;
  if (!rw) return `${path}${query}`;
  if (rw.type === 'ReplaceFullPath') return `${rw.replaceFullPath ?? '/'}${query}`;
  if (rw.type === 'ReplacePrefixMatch' && (matched.path?.type ?? 'PathPrefix') === 'PathPrefix') {
    const prefix = (matched.path?.value ?? '/').replace(/\/+$/, '');
    const remainder = path.slice(prefix.length);
    const replacement = rw.replacePrefixMatch ?? '/';
    let out: string;
    if (replacement.endsWith('/') && remainder.startsWith('/')) out = replacement + remainder.slice(1);
    else out = replacement + remainder;
    return `${out || '/'}${query}`;
  }
  return `${path}${query}`;
}

/** One backend by weight (`pick` in [0, 1)); weight 0 never, unset weight counts 1. */
export function weightedBackend(refs: BackendRef[] | undefined, pick: number): BackendRef | undefined {
  const live = (refs ?? []).filter((r) => (r.weight ?? 1) > 0);
  const total = live.reduce((s, r) => s + (r.weight ?? 1), 0);
  let at = pick * total;
  for (const r of live) {
    at -= r.weight ?? 1;
    if (at < 0) return r;
  }
  return live.at(-1);
}

/** The rule (and backend) of the attached HTTPRoutes that serves a request, or undefined (404). */
export function routeHttp(
  routes: HttpRouteLike[],
  req: { host: string; method: string; path: string; headers: Record<string, string> },
  pick = Math.random(),
): RouteDecision | undefined {
  const q = req.path.indexOf('?');
  const path = q >= 0 ? req.path.slice(0, q) : req.path;
  const query = q >= 0 ? req.path.slice(q) : '';
  const ordered = [...routes].sort((a, b) => {
    const ta = new Date(a.metadata?.creationTimestamp ?? 0).getTime();
    const tb = new Date(b.metadata?.creationTimestamp ?? 0).getTime();
    if (ta !== tb) return ta - tb;
    return `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.metadata?.namespace}/${b.metadata?.name}`);
  });
  let best: { score: Scored; route: HttpRouteLike; rule: RouteRule; match: RouteMatch } | undefined;
  for (const route of ordered) {
    if (!hostMatches(route.spec?.hostnames, req.host)) continue;
    for (const rule of route.spec?.rules ?? []) {
      const matches =
        rule.matches && rule.matches.length > 0 ? rule.matches : [{ path: { type: 'PathPrefix', value: '/' } }];
      for (const m of matches) {
        const s = matchOne(m, req.method, path, req.headers);
        if (s && (!best || better(s, best.score))) best = { score: s, route, rule, match: m };
      }
    }
  }
  if (!best) return undefined;
  return {
    route: { namespace: best.route.metadata?.namespace ?? '', name: best.route.metadata?.name ?? '' },
    rule: best.rule,
    path: rewritePath(best.rule, best.match, path, query),
    backend: weightedBackend(best.rule.backendRefs, pick),
  };
}

/** A Service backendRef (core group, kind Service) in the route's namespace unless it names one; else undefined. */
export function serviceOf(ref: BackendRef | undefined, routeNamespace: string) {
  if (!ref || (ref.group ?? '') !== '' || (ref.kind ?? 'Service') !== 'Service') return undefined;
  return { namespace: ref.namespace ?? routeNamespace, name: ref.name, port: ref.port ?? 80 };
}
