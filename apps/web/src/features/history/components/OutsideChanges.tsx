import type { OutsideChange } from '@servedeck/shared';
import { RelativeTime } from '@/components/RelativeTime';
import { useHistoryT } from '../i18n';

const SHOWN_FIELDS = 6;

/** managedFields entries of every manager but ServeDeck: who, how, when, which fields. */
export function OutsideChanges({
  outside,
  changedOutside,
  generation,
}: {
  outside: OutsideChange[];
  changedOutside: boolean;
  generation: number;
}) {
  const t = useHistoryT();
  return (
    <section className="card" aria-labelledby="history-outside">
      <h3 id="history-outside">{t('outside.title')}</h3>
      {changedOutside ? (
        <p className="notice notice-warn" role="note">
          {t('outside.changedSince', { generation })}
        </p>
      ) : null}
      {outside.length === 0 ? (
        <p>{t('outside.none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('outside.manager')}</th>
              <th scope="col">{t('outside.operation')}</th>
              <th scope="col">{t('outside.time')}</th>
              <th scope="col">{t('outside.fields')}</th>
            </tr>
          </thead>
          <tbody>
            {outside.map((o) => (
              <tr key={`${o.manager}/${o.operation}/${o.subresource ?? ''}`}>
                <td className="mono">{o.manager}</td>
                <td>{o.operation}</td>
                <td>
                  <RelativeTime iso={o.time} words />
                </td>
                <td className="mono">
                  {o.fields.slice(0, SHOWN_FIELDS).join(', ')}
                  {o.fields.length > SHOWN_FIELDS
                    ? ` ${t('outside.more', { count: o.fields.length - SHOWN_FIELDS })}`
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
