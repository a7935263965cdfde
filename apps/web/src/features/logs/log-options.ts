/**
 * The log view's options, kept in the URL like the list's filters (a reload, a shared link or Back keeps them):
 * `component` (predictor, transformer, explainer: KServe's pod label), `pod` (a name, or `*`: every pod of the
 * component merged by time), `container`, `tail` (a line count or `all`), `previous=1`, `follow=0`, `q` (search).
 * Defaults are left out of the URL; values that are not one of the choices fall back to the default.
 */
export const ALL_PODS = '*';
export const TAILS = [100, 500, 1000, 5000] as const;

export type LogOptions = {
  component: string;
  pod: string;
  container: string;
  /** undefined: the whole log. */
  tail: number | undefined;
  previous: boolean;
  follow: boolean;
  search: string;
};

export const DEFAULT_LOG_OPTIONS: LogOptions = {
  component: '',
  pod: '',
  container: '',
  tail: 500,
  previous: false,
  follow: true,
  search: '',
};

const KEYS = ['component', 'pod', 'container', 'tail', 'previous', 'follow', 'q'] as const;

export function readLogOptions(params: URLSearchParams): LogOptions {
  const tail = params.get('tail');
  return {
    component: params.get('component') ?? '',
    pod: params.get('pod') ?? '',
    container: params.get('container') ?? '',
    tail:
      tail === 'all'
        ? undefined
        : TAILS.find((n) => String(n) === tail) !== undefined
          ? Number(tail)
          : DEFAULT_LOG_OPTIONS.tail,
    previous: params.get('previous') === '1',
    follow: params.get('follow') !== '0',
    search: params.get('q') ?? '',
  };
}

/** `params` with the log options written in (other parameters kept), defaults removed. */
export function writeLogOptions(params: URLSearchParams, o: LogOptions): URLSearchParams {
  const p = new URLSearchParams(params);
  for (const k of KEYS) p.delete(k);
  if (o.component) p.set('component', o.component);
  if (o.pod) p.set('pod', o.pod);
  if (o.container) p.set('container', o.container);
  if (o.tail !== DEFAULT_LOG_OPTIONS.tail) p.set('tail', o.tail === undefined ? 'all' : String(o.tail));
  if (o.previous) p.set('previous', '1');
  if (!o.follow) p.set('follow', '0');
  if (o.search) p.set('q', o.search);
  return p;
}
