import { parseEach, podSchema } from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState, Loading } from '@/components/States';
import { useTranslation } from '@/i18n';
import { resourcesQuery } from '@/lib/isvc-queries';
import { usePodLog } from '../hooks/usePodLog';
import { type LogOptions, readLogOptions, TAILS, writeLogOptions } from '../log-options';

export function LogsPanel({ ns, name }: { ns: string; name: string }) {
  const { t } = useTranslation();
  const resources = useQuery(resourcesQuery(ns, name));
  const pods = useMemo(() => parseEach(podSchema, resources.data?.pods ?? []), [resources.data]);
  const [params, setParams] = useSearchParams();
  const opts = readLogOptions(params);
  const { container, tail, previous, follow, search } = opts;
  const set = (patch: Partial<LogOptions>) =>
    setParams((p) => writeLogOptions(p, { ...readLogOptions(p), ...patch }), { replace: true });
  const pod = pods.find((p) => p.metadata.name === opts.pod) ?? pods[0];
  const containers = useMemo(
    () =>
      pod ? [...pod.spec.containers.map((c) => c.name), ...(pod.spec.initContainers ?? []).map((c) => c.name)] : [],
    [pod],
  );
  const cont = containers.includes(container)
    ? container
    : (containers.find((c) => c === 'kserve-container') ?? containers[0] ?? '');
  const log = usePodLog(
    pod && cont
      ? { ns, pod: pod.metadata.name, container: cont, tailLines: tail, previous, follow: follow && !previous }
      : undefined,
  );
  const lines = useMemo(() => {
    const all = log.text.split('\n');
    if (!search) return all;
    const s = search.toLowerCase();
    return all.filter((l) => l.toLowerCase().includes(s));
  }, [log.text, search]);
  const preRef = useRef<HTMLPreElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when text grows
  useEffect(() => {
    const el = preRef.current;
    if (el && follow && !search) el.scrollTop = el.scrollHeight;
  }, [lines.length, follow, search]);

  if (resources.isPending) return <Loading what={t('what.pods')} />;
  if (!pod)
    return (
      <EmptyState title={t('logs.noPods')}>
        <p className="muted">{t('logs.noPodsHint')}</p>
      </EmptyState>
    );

  const logTitle = t('logs.title', { pod: pod.metadata.name, container: cont });
  const download = () => {
    const blob = new Blob([log.text], { type: 'text/plain' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${pod.metadata.name}_${cont}${previous ? '_previous' : ''}.log`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <div className="logs">
      <div className="toolbar">
        <label>
          <span>{t('logs.pod')}</span>
          <select value={pod.metadata.name} onChange={(e) => set({ pod: e.target.value, container: '' })}>
            {pods.map((p) => (
              <option key={p.metadata.name}>{p.metadata.name}</option>
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
        <button type="button" className="btn" onClick={download} disabled={!log.text}>
          {t('logs.download')}
        </button>
        <span className="muted small" role="status">
          {log.state === 'streaming' ? t('logs.following') : log.state === 'loading' ? t('logs.loading') : ''}
        </span>
      </div>
      {log.error ? (
        <p className="notice notice-error" role="alert">
          {log.error}
        </p>
      ) : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be reachable by keyboard */}
      <pre ref={preRef} className="log-view mono" tabIndex={0} title={logTitle}>
        {lines.join('\n') || (log.state === 'done' ? t('logs.empty') : '')}
      </pre>
    </div>
  );
}
