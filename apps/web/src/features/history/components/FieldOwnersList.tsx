import { fieldOwners, formatFieldPath } from '@servedeck/shared';
import { useMemo } from 'react';
import { RelativeTime } from '@/components/RelativeTime';
import { useHistoryT } from '../i18n';

/** Rows shown at most (an object has a few dozen claimed fields; a hostile one is cut here). */
const MAX_ROWS = 500;

/**
 * "Who changed what" as a list: every field of the live object with the manager that last set it, its
 * operation and time (managedFields; status-subresource claims left out: the controller's, not a change).
 */
export function FieldOwnersList({ live }: { live: unknown }) {
  const t = useHistoryT();
  const rows = useMemo(
    () =>
      fieldOwners(live)
        .filter((o) => o.subresource !== 'status' && o.whole)
        .map((o) => ({ ...o, field: formatFieldPath(o.path) }))
        .sort((a, b) => a.field.localeCompare(b.field) || (b.time ?? '').localeCompare(a.time ?? ''))
        .slice(0, MAX_ROWS),
    [live],
  );
  return (
    <section className="card" aria-labelledby="history-owners">
      <h3 id="history-owners">{t('owners.title')}</h3>
      <p className="muted">{t('owners.intro')}</p>
      {rows.length === 0 ? (
        <p>{t('owners.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('owners.field')}</th>
              <th scope="col">{t('owners.manager')}</th>
              <th scope="col">{t('owners.operation')}</th>
              <th scope="col">{t('owners.time')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={`${o.field}/${o.manager}/${o.operation}`}>
                <td className="mono">{o.field}</td>
                <td className="mono">{o.manager}</td>
                <td>{o.operation}</td>
                <td>
                  <RelativeTime iso={o.time} words />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
