import type { HistoryRecord } from '@servedeck/shared';
import { Link } from 'react-router';
import { useTranslation } from '@/i18n';

/**
 * What the spec history made of an apply (the write answer's `history`, docs/history.md): the revision it was
 * recorded as, with a link to the History tab, or why it was not (history off for the namespace, unchanged spec).
 */
export function AppliedHistory({ ns, name, record }: { ns: string; name: string; record: HistoryRecord }) {
  const { t } = useTranslation();
  const tab = `/ns/${encodeURIComponent(ns)}/isvc/${encodeURIComponent(name)}/history`;
  if (record.recorded) {
    return (
      <>
        {' '}
        {t('editor.history.recorded', { revision: record.revision })} <Link to={tab}>{t('editor.history.open')}</Link>
      </>
    );
  }
  if (record.reason === 'Unchanged') return <> {t('editor.history.unchanged')}</>;
  if (record.reason === 'Forbidden') return <> {t('editor.history.off', { namespace: ns, message: record.message })}</>;
  return <> {t('editor.history.notRecorded', { message: record.message })}</>;
}
