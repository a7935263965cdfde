import { ALL_NAMESPACES, type IsvcPhase } from '@servedeck/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, Loading } from '@/components/States';
import { describeError, useTranslation } from '@/i18n';
import { keys } from '@/lib/query-keys';
import { isvcListQuery, podCountsQuery } from '../api/list';
import { type Filters, filterAndSort, type SortKey, useIsvcRows } from '../hooks/useIsvcRows';
import { type IsvcWatch, useIsvcWatch } from '../hooks/useIsvcWatch';
import { useListAfterStream } from '../hooks/useListAfterStream';
import { type ExtraColumn, IsvcTable } from './IsvcTable';

const PHASES: IsvcPhase[] = ['Ready', 'NotReady', 'Loading', 'Failed', 'Stopped'];
const SORTS: SortKey[] = ['name', 'namespace', 'status', 'format', 'protocol', 'mode', 'age'];

function useFilters(): [Filters, (patch: Partial<Filters>) => void] {
  const [params, setParams] = useSearchParams();
  const sort = params.get('sort');
  const status = params.get('status');
  const filters: Filters = {
    text: params.get('q') ?? '',
    status: PHASES.includes(status as IsvcPhase) ? (status as IsvcPhase) : '',
    label: params.get('label') ?? '',
    sort: SORTS.includes(sort as SortKey) ? (sort as SortKey) : 'name',
    desc: params.get('desc') === '1',
  };
  const update = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    const p = new URLSearchParams();
    if (next.text) p.set('q', next.text);
    if (next.status) p.set('status', next.status);
    if (next.label) p.set('label', next.label);
    if (next.sort !== 'name') p.set('sort', next.sort);
    if (next.desc) p.set('desc', '1');
    setParams(p, { replace: true });
  };
  return [filters, update];
}

/**
 * A text field mirrored into the URL. The field keeps its own text: the URL (and so `value`) lags a render behind
 * fast typing, and a field controlled by it dropped keystrokes ("iris" became "irs" in e2e). The URL's value
 * replaces the text only when it changed from elsewhere (back/forward, a link), not when it echoes what was typed.
 */
function useUrlText(value: string, push: (text: string) => void): [string, (text: string) => void] {
  const [text, setText] = useState(value);
  const pushed = useRef(value);
  useEffect(() => {
    if (value !== pushed.current) {
      pushed.current = value;
      setText(value);
    }
  }, [value]);
  const change = (next: string) => {
    pushed.current = next;
    setText(next);
    push(next);
  };
  return [text, change];
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

/** The stream's state, with the problem the server reported (kept rows stay shown) in a polite status region. */
function LiveIndicator({ stream }: { stream: IsvcWatch }) {
  const { t } = useTranslation();
  const { state, problem } = stream;
  const reason = problem?.reason;
  const label =
    state === 'live'
      ? t('list.live.live')
      : state === 'degraded'
        ? reason === 'ClusterUnavailable' || reason === 'IssuerUnavailable'
          ? t(`list.live.${reason}`)
          : t('list.live.interrupted')
        : state === 'reconnecting'
          ? t('list.live.reconnecting')
          : state === 'stopped'
            ? t('list.live.stopped')
            : '';
  return (
    <span className={`live live-${state}`} role="status" aria-live="polite" aria-label={t('list.live.label')}>
      <span>{label}</span>
      {problem && state !== 'live' ? <span className="live-problem"> — {problem.message}</span> : null}
    </span>
  );
}

/** `extraColumn`: a column the app adds from another feature (the metrics sparkline), when there is one. */
export function IsvcListPage({ ns, extraColumn }: { ns: string; extraColumn?: ExtraColumn | undefined }) {
  const { t } = useTranslation();
  // the stream opens first and the list right after it (useListAfterStream); either may answer first
  // (isvcListQuery); a list refused outright (no data) closes the stream
  const held = useQueryClient().getQueryState(keys.isvcList(ns));
  const stream = useIsvcWatch(ns, !(held?.status === 'error' && held.data === undefined));
  const sendList = useListAfterStream(ns, stream.state);
  const list = useQuery({ ...isvcListQuery(ns), enabled: sendList });
  const counts = useQuery(podCountsQuery(ns));
  const [filters, setFilters] = useFilters();
  const [searchText, setSearchText] = useUrlText(filters.text, (text) => setFilters({ text }));
  const [labelText, setLabelText] = useUrlText(filters.label, (label) => setFilters({ label }));
  const now = useNow(30_000);
  const countMap = useMemo(() => {
    if (!counts.data) return undefined;
    return new Map(counts.data.items.map((c) => [`${c.namespace}/${c.name}`, { ready: c.ready, total: c.total }]));
  }, [counts.data]);
  const rows = useIsvcRows(list.data?.items, countMap);
  const shown = useMemo(() => filterAndSort(rows, filters), [rows, filters]);
  const nsLabel = ns === ALL_NAMESPACES ? t('list.allNamespaces') : ns;
  const filtered = filters.text || filters.status || filters.label;

  return (
    <section className="page" aria-labelledby="list-title">
      <div className="page-head">
        <h1 id="list-title">{t('list.title')}</h1>
        <span className="muted">{t('list.inNamespace', { namespace: nsLabel })}</span>
        <LiveIndicator stream={stream} />
        <div className="spacer" />
        {ns !== ALL_NAMESPACES ? (
          <Link className="btn btn-primary" to={`/ns/${encodeURIComponent(ns)}/create`}>
            {t('list.create')}
          </Link>
        ) : null}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: the search element is not supported everywhere yet */}
      <form role="search" className="filters" aria-label={t('list.filtersLabel')} onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>{t('list.search')}</span>
          <input
            type="search"
            value={searchText}
            placeholder={t('list.searchPlaceholder')}
            onChange={(e) => setSearchText(e.target.value)}
          />
        </label>
        <label>
          <span>{t('list.status')}</span>
          <select value={filters.status} onChange={(e) => setFilters({ status: e.target.value as IsvcPhase | '' })}>
            <option value="">{t('list.anyStatus')}</option>
            {PHASES.map((p) => (
              <option key={p} value={p}>
                {t(`phase.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('list.label')}</span>
          <input
            type="text"
            value={labelText}
            placeholder={t('list.labelPlaceholder')}
            onChange={(e) => setLabelText(e.target.value)}
          />
        </label>
        {list.data ? (
          <span className="muted count" role="status">
            {shown.length === rows.length
              ? t('list.count', { count: rows.length })
              : t('list.shownOf', { shown: shown.length, total: rows.length })}
          </span>
        ) : null}
      </form>
      {stream.warnings.length ? (
        <div className="notice notice-warn" role="note">
          {stream.warnings.join('; ')}
        </div>
      ) : null}
      {list.isError && list.data
        ? (() => {
            const d = describeError(t, list.error, { action: t('actions.refreshIsvcs'), namespace: ns });
            return (
              <div className="notice notice-error" role="alert">
                {d.title}: {d.detail}{' '}
                <button type="button" className="btn" onClick={() => void list.refetch()}>
                  {t('common.retry')}
                </button>
              </div>
            );
          })()
        : null}
      {list.data?.warnings.length ? (
        <div className="notice notice-warn" role="note">
          {t('list.partial', { warnings: list.data.warnings.join('; ') })}
        </div>
      ) : null}
      {list.isPending ? (
        <Loading what={t('what.isvcs')} />
      ) : list.isError && !list.data ? (
        (() => {
          const d = describeError(t, list.error, { action: t('actions.listIsvcs'), namespace: ns });
          return (
            <ErrorState
              title={d.title}
              detail={d.detail}
              action={
                <button type="button" className="btn" onClick={() => void list.refetch()}>
                  {t('common.retry')}
                </button>
              }
            />
          );
        })()
      ) : rows.length === 0 ? (
        <EmptyState title={t('list.empty', { namespace: nsLabel })}>
          {ns !== ALL_NAMESPACES ? (
            <p>
              <Link to={`/ns/${encodeURIComponent(ns)}/create`}>{t('list.createFromTemplate')}</Link>{' '}
              {t('list.orPasteYaml')}
            </p>
          ) : (
            <p>{t('list.pickNamespace')}</p>
          )}
        </EmptyState>
      ) : shown.length === 0 && filtered ? (
        <EmptyState title={t('list.noMatch')}>
          <button type="button" className="btn" onClick={() => setFilters({ text: '', status: '', label: '' })}>
            {t('list.clearFilters')}
          </button>
        </EmptyState>
      ) : (
        <IsvcTable
          rows={shown}
          ns={ns}
          filters={filters}
          now={now}
          extraColumn={extraColumn}
          onSort={(key) => setFilters(filters.sort === key ? { desc: !filters.desc } : { sort: key, desc: false })}
        />
      )}
    </section>
  );
}
