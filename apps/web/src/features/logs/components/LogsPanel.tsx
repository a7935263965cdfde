import { apiPaths, type Pod, parseEach, parseMergedLogLine, podSchema } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState, Loading } from '@/components/States';
import { i18n, useTranslation } from '@/i18n';
import { withBase } from '@/lib/base-path';
import { withQuery } from '@/lib/http';
import { resourcesQuery } from '@/lib/isvc-queries';
import { type LogRequest, podLogRequest, useLogStream } from '../hooks/usePodLog';
import { useLogsMergedT } from '../i18n';
import { ALL_PODS, type LogOptions, readLogOptions, TAILS, writeLogOptions } from '../log-options';
import '../logs.css';

const COMPONENT_ORDER = ['predictor', 'transformer', 'explainer'] as const;
type KnownComponent = (typeof COMPONENT_ORDER)[number];

/** KServe's `component` label of a pod (predictor when it has none: older or hand-made pods). */
function componentOf(p: Pod): string {
  return p.metadata.labels?.component ?? 'predictor';
}

function isKnown(c: string): c is KnownComponent {
  return (COMPONENT_ORDER as readonly string[]).includes(c);
}

export function LogsPanel({ ns, name }: { ns: string; name: string }) {
  const { t } = useTranslation();
  const tm = useLogsMergedT();
  const resources = useQuery(resourcesQuery(ns, name));
  const pods = useMemo(() => parseEach(podSchema, resources.data?.pods ?? []), [resources.data]);
  const [params, setParams] = useSearchParams();
  const opts = readLogOptions(params);
  const { container, tail, previous, follow, search } = opts;
  const set = (patch: Partial<LogOptions>) =>
    setParams((p) => writeLogOptions(p, { ...readLogOptions(p), ...patch }), { replace: true });

  const components = useMemo(() => {
    const present = new Set(pods.map(componentOf));
    return [...present].sort((a, b) => COMPONENT_ORDER.indexOf(a as never) - COMPONENT_ORDER.indexOf(b as never));
  }, [pods]);
  const component = components.includes(opts.component) ? opts.component : (components[0] ?? 'predictor');
  const componentPods = useMemo(
    () =>
      pods.filter((p) => componentOf(p) === component).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)),
    [pods, component],
  );
  const merged = opts.pod === ALL_PODS && componentPods.length > 0;
  const pod = merged ? undefined : (componentPods.find((p) => p.metadata.name === opts.pod) ?? componentPods[0]);
  const shown = pod ?? componentPods[0];
  const containers = useMemo(
    () =>
      shown
        ? [...shown.spec.containers.map((c) => c.name), ...(shown.spec.initContainers ?? []).map((c) => c.name)]
        : [],
    [shown],
  );
  const cont = containers.includes(container)
    ? container
    : (containers.find((c) => c === 'kserve-container') ?? containers[0] ?? '');
  const live = follow && !previous;

  let request: LogRequest | undefined;
  let downloadHref = '';
  if (merged && cont && isKnown(component)) {
    const path = apiPaths.isvcLogs(ns, name);
    request = {
      ns,
      path,
      query: {
        component,
        container: cont,
        tailLines: tail,
        previous: previous || undefined,
        follow: live || undefined,
      },
      follow: live,
      action: i18n.t('actions.readLog', { pod: `${name} ${component}` }),
    };
    downloadHref = withBase(
      withQuery(path, { component, container: cont, previous: previous || undefined, download: true }),
    );
  } else if (pod && cont) {
    request = podLogRequest({ ns, pod: pod.metadata.name, container: cont, tailLines: tail, previous, follow: live });
    downloadHref = withBase(
      withQuery(apiPaths.podLog(ns, pod.metadata.name), {
        container: cont,
        previous: previous || undefined,
        download: true,
      }),
    );
  }
  const log = useLogStream(request);

  const lines = useMemo(() => {
    const all = log.text.split('\n');
    if (all.at(-1) === '') all.pop();
    if (!search) return all;
    const s = search.toLowerCase();
    return all.filter((l) => l.toLowerCase().includes(s));
  }, [log.text, search]);
  const podIndex = useMemo(() => new Map(componentPods.map((p, i) => [p.metadata.name, i])), [componentPods]);
  const preRef = useRef<HTMLPreElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when text grows
  useEffect(() => {
    const el = preRef.current;
    if (el && follow && !search) el.scrollTop = el.scrollHeight;
  }, [lines.length, follow, search]);

  if (resources.isPending) return <Loading what={t('what.pods')} />;
  if (!shown)
    return (
      <EmptyState title={t('logs.noPods')}>
        <p className="muted">{t('logs.noPodsHint')}</p>
      </EmptyState>
    );

  const podNames = componentPods.map((p) => p.metadata.name);
  const logTitle = merged
    ? tm('mergedTitle', { component, pods: (log.pods ?? podNames).join(', '), container: cont })
    : t('logs.title', { pod: pod?.metadata.name ?? '', container: cont });

  return (
    <div className="logs">
      <div className="toolbar">
        <label>
          <span>{tm('component')}</span>
          <select value={component} onChange={(e) => set({ component: e.target.value, pod: '', container: '' })}>
            {components.map((c) => (
              <option key={c} value={c}>
                {isKnown(c) ? tm(`components.${c}`) : c}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('logs.pod')}</span>
          <select
            value={merged ? ALL_PODS : (pod?.metadata.name ?? '')}
            onChange={(e) => set({ pod: e.target.value, container: '' })}
          >
            {isKnown(component) ? (
              <option value={ALL_PODS}>{tm('allPods', { count: componentPods.length })}</option>
            ) : null}
            {podNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('logs.container')}</span>
          <select value={cont} onChange={(e) => set({ container: e.target.value })}>
            {containers.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('logs.tail')}</span>
          <select
            value={tail ?? 'all'}
            onChange={(e) => set({ tail: e.target.value === 'all' ? undefined : Number(e.target.value) })}
          >
            {TAILS.map((n) => (
              <option key={n} value={n}>
                {t('logs.lastLines', { count: n })}
              </option>
            ))}
            <option value="all">{t('logs.everything')}</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={follow}
            disabled={previous}
            onChange={(e) => set({ follow: e.target.checked })}
          />{' '}
          {t('logs.follow')}
        </label>
        <label className="check">
          <input type="checkbox" checked={previous} onChange={(e) => set({ previous: e.target.checked })} />{' '}
          {t('logs.previous')}
        </label>
        <label>
          <span>{t('logs.search')}</span>
          <input
            type="search"
            value={search}
            onChange={(e) => set({ search: e.target.value })}
            placeholder={t('logs.searchPlaceholder')}
          />
        </label>
        {downloadHref ? (
          <a className="btn" href={downloadHref} download title={tm('downloadHint')}>
            {tm('downloadWhole')}
          </a>
        ) : null}
        <span className="muted small" role="status">
          {log.state === 'streaming' ? t('logs.following') : log.state === 'loading' ? t('logs.loading') : ''}
        </span>
      </div>
      {merged && log.pods ? <p className="muted small">{tm('podsMerged', { pods: log.pods.join(', ') })}</p> : null}
      {log.error ? (
        <p className="notice notice-error" role="alert">
          {log.error}
        </p>
      ) : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard */}
      <pre ref={preRef} className="log-view mono" tabIndex={0} title={logTitle}>
        {merged
          ? lines.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a log only grows at its end; equal lines are common
              <MergedLine key={i} line={l} index={podIndex} />
            ))
          : lines.join('\n')}
        {lines.length === 0 && log.state === 'done' ? t('logs.empty') : ''}
      </pre>
    </div>
  );
}

function MergedLine({ line, index }: { line: string; index: Map<string, number> }) {
  const l = parseMergedLogLine(line);
  const hue = `log-line-pod log-pod-${(index.get(l.pod) ?? 0) % 6}`;
  if (!l.time) {
    return (
      <span className="log-line log-notice">
        {l.pod ? <span className={hue}>{l.pod}</span> : null} {l.text.replace(/^- /, '')}
        {'\n'}
      </span>
    );
  }
  return (
    <span className="log-line">
      <span className={hue}>{l.pod}</span> <span className="log-line-time">{l.time}</span> {l.text}
      {'\n'}
    </span>
  );
}
