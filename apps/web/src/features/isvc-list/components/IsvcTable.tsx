import { ALL_NAMESPACES } from '@servedeck/shared';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link } from 'react-router';
import { Badge } from '@/components/Badge';
import { CopyButton } from '@/components/CopyButton';
import { formatAge } from '@/lib/format';
import { PHASE_LABEL, PHASE_TONE } from '@/lib/isvc-display';
import type { Filters, Row, SortKey } from '../hooks/useIsvcRows';

const ROW_HEIGHT = 44;

type Column = { key: SortKey | null; label: string; width: string };

export function IsvcTable({
  rows,
  ns,
  filters,
  onSort,
  now,
}: {
  rows: Row[];
  ns: string;
  filters: Filters;
  onSort: (key: SortKey) => void;
  now: number;
}) {
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
    { key: 'name', label: 'Name', width: '18%' },
    ...(showNs ? [{ key: 'namespace' as const, label: 'Namespace', width: '13%' }] : []),
    { key: 'status', label: 'Status', width: '16%' },
    { key: 'format', label: 'Model format / runtime', width: '15%' },
    { key: 'protocol', label: 'Protocol', width: '7%' },
    { key: 'mode', label: 'Mode', width: '9%' },
    { key: null, label: 'URL', width: showNs ? '13%' : '20%' },
    { key: null, label: 'Pods', width: '6%' },
    { key: 'age', label: 'Age', width: '5%' },
  ];
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div className="table-scroll" ref={scrollRef} tabIndex={-1}>
      <table className="table isvc-table" aria-rowcount={rows.length + 1}>
        <colgroup>
          {columns.map((c) => (
            <col key={c.label} style={{ width: c.width }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((c) => (
              <th
                key={c.label}
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
                    {PHASE_LABEL[r.status.phase]}
                  </Badge>
                  {r.status.reason && r.status.phase !== 'Ready' && r.status.reason !== PHASE_LABEL[r.status.phase] ? (
                    <span className="reason truncate" title={r.status.message ?? r.status.reason}>
                      {r.status.reason}
                    </span>
                  ) : null}
                </td>
                <td className="truncate">
                  {r.modelFormat ?? 'custom'}
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
                      <CopyButton text={r.url} label={`Copy URL of ${r.name}`} className="btn btn-icon" />
                    </div>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="num">
                  {r.pods ? (
                    `${r.pods.ready}/${r.desiredReplicas}`
                  ) : (
                    <span title="pod counts unavailable">–/{r.desiredReplicas}</span>
                  )}
                </td>
                <td className="num">{formatAge(r.createdAt, now)}</td>
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
