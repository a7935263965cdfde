import { ALL_NAMESPACES } from '@servedeck/shared';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useRef } from 'react';
import { Link } from 'react-router';
import { Badge } from '@/components/Badge';
import { CopyButton } from '@/components/CopyButton';
import { RelativeTime } from '@/components/RelativeTime';
import { useTranslation } from '@/i18n';
import { PHASE_LABEL, PHASE_TONE } from '@/lib/isvc-display';
import type { Filters, Row, SortKey } from '../hooks/useIsvcRows';

const ROW_HEIGHT = 44;

type Column = { id: string; key: SortKey | null; label: string; width: string };

/** A column another feature fills (the app composes it: the metrics sparkline). */
export type ExtraColumn = { id: string; label: string; width: string; cell: (row: Row) => ReactNode };

export function IsvcTable({
  rows,
  ns,
  filters,
  onSort,
  now,
  extraColumn,
}: {
  rows: Row[];
  ns: string;
  filters: Filters;
  onSort: (key: SortKey) => void;
  now: number;
  extraColumn?: ExtraColumn | undefined;
}) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // jsdom and first paint have no layout: still render a first screenful.
    initialRect: { width: 1200, height: 800 },
  });
  const showNs = ns === ALL_NAMESPACES;
  const columns: Column[] = [
    { id: 'name', key: 'name', label: t('list.col.name'), width: '18%' },
    ...(showNs ? [{ id: 'namespace', key: 'namespace' as const, label: t('list.col.namespace'), width: '13%' }] : []),
    { id: 'status', key: 'status', label: t('list.col.status'), width: '16%' },
    { id: 'format', key: 'format', label: t('list.col.format'), width: '15%' },
    { id: 'protocol', key: 'protocol', label: t('list.col.protocol'), width: '7%' },
    { id: 'mode', key: 'mode', label: t('list.col.mode'), width: '9%' },
    { id: 'url', key: null, label: t('list.col.url'), width: showNs ? '13%' : '20%' },
    { id: 'pods', key: null, label: t('list.col.pods'), width: '6%' },
    ...(extraColumn ? [{ id: extraColumn.id, key: null, label: extraColumn.label, width: extraColumn.width }] : []),
    { id: 'age', key: 'age', label: t('list.col.age'), width: '5%' },
  ];
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div className="table-scroll" ref={scrollRef} tabIndex={-1}>
      <table className="table isvc-table" aria-rowcount={rows.length + 1}>
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={{ width: c.width }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) => (
              <th
                key={c.id}
                scope="col"
                aria-sort={c.key && filters.sort === c.key ? (filters.desc ? 'descending' : 'ascending') : undefined}
              >
                {c.key ? (
                  <button type="button" className="th-sort" onClick={() => c.key && onSort(c.key)}>
                    {c.label}
                    <span aria-hidden="true">{filters.sort === c.key ? (filters.desc ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 ? (
            <tr className="spacer-row" style={{ height: padTop }}>
              <td colSpan={columns.length} />
            </tr>
          ) : null}
          {items.map((vi) => {
            const r = rows[vi.index];
            if (!r) return null;
            return (
              <tr key={r.key} aria-rowindex={vi.index + 2} style={{ height: ROW_HEIGHT }}>
                <td className="cell-name">
                  <Link to={`/ns/${encodeURIComponent(r.namespace)}/isvc/${encodeURIComponent(r.name)}`}>{r.name}</Link>
                </td>
                {showNs ? <td className="truncate">{r.namespace}</td> : null}
                <td>
                  <Badge tone={PHASE_TONE[r.status.phase]} title={r.status.message}>
                    {t(`phase.${r.status.phase}`)}
                  </Badge>
                  {r.status.reason && r.status.phase !== 'Ready' && r.status.reason !== PHASE_LABEL[r.status.phase] ? (
                    <span className="reason truncate" title={r.status.message ?? r.status.reason}>
                      {r.status.reason}
                    </span>
                  ) : null}
                </td>
                <td className="truncate">
                  {r.modelFormat ?? t('list.custom')}
                  {r.runtime ? <span className="muted"> · {r.runtime}</span> : null}
                </td>
                <td>{r.protocol}</td>
                <td className="truncate">{r.deploymentMode}</td>
                <td>
                  {r.url ? (
                    <div className="cell-url">
                      <span className="truncate mono" title={r.url}>
                        {r.url.replace(/^https?:\/\//, '')}
                      </span>
                      <CopyButton text={r.url} label={t('list.copyUrlOf', { name: r.name })} className="btn btn-icon" />
                    </div>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="num">
                  {r.pods ? (
                    `${r.pods.ready}/${r.desiredReplicas}`
                  ) : (
                    <span title={t('list.podCountsUnavailable')}>–/{r.desiredReplicas}</span>
                  )}
                </td>
                {extraColumn ? <td>{extraColumn.cell(r)}</td> : null}
                <td className="num">
                  <RelativeTime iso={r.createdAt} now={now} />
                </td>
              </tr>
            );
          })}
          {padBottom > 0 ? (
            <tr className="spacer-row" style={{ height: padBottom }}>
              <td colSpan={columns.length} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
