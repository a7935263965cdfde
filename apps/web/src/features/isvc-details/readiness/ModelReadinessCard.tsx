import { apiPaths, type ModelReadiness, modelReadinessSchema, type ReadinessCheck } from '@servedeck/shared';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { Badge, type Tone } from '@/components/Badge';
import { RelativeTime } from '@/components/RelativeTime';
import { describeError, useTranslation } from '@/i18n';
import { requestJson } from '@/lib/http';
import { useReadinessT } from './i18n';
import './readiness.css';

const TONE: Record<ReadinessCheck['state'], Tone> = {
  ready: 'ok',
  'not-ready': 'warn',
  unreachable: 'error',
  unsupported: 'neutral',
};

export const modelReadinessQuery = (ns: string, name: string) =>
  queryOptions({
    queryKey: ['isvcs', 'detail', ns, name, 'model-readiness'] as const,
    queryFn: ({ signal }) => requestJson(apiPaths.isvcModelReadiness(ns, name), modelReadinessSchema, { signal }),
    // asks the model server: kept fresh while the Overview is open, not on every render
    refetchInterval: 15_000,
    staleTime: 5_000,
  });

function summaryKey(r: ModelReadiness) {
  if (r.server.state === 'unsupported') return 'unsupported' as const;
  if (r.server.state === 'ready' && r.modelReady.state === 'ready') return 'allReady' as const;
  if (r.server.state === 'ready') return 'serverUpModelNot' as const;
  return 'serverDown' as const;
}

/**
 * The Overview's "is the model loaded" card: the model server's own readiness beside the model's (KServe V2
 * `/v2/health/ready` vs `/v2/models/NAME/ready`, V1 `/v1/models` vs `/v1/models/NAME`), asked by the BFF through
 * the inference route as the user.
 */
export function ModelReadinessCard({ ns, name }: { ns: string; name: string }) {
  const t = useReadinessT();
  const { t: tApp } = useTranslation();
  const q = useQuery(modelReadinessQuery(ns, name));
  const r = q.data;
  const row = (label: string, c: ReadinessCheck) => (
    <li className="readiness-row" key={label}>
      <span className="readiness-label">{label}</span>
      <Badge tone={TONE[c.state]}>{t(`state.${c.state}`)}</Badge>
      {c.path ? <code className="mono small">{['GET', c.path].join(' ')}</code> : null}
      {c.status !== undefined ? <span className="muted small">{t('status', { status: c.status })}</span> : null}
      {c.message ? <span className="muted small wrap">{c.message}</span> : null}
    </li>
  );
  return (
    <section aria-labelledby="readiness-title" className="card" data-testid="model-readiness">
      <div className="inline">
        <h2 id="readiness-title">{t('title')}</h2>
        <div className="spacer" />
        <button type="button" className="btn" disabled={q.isFetching} onClick={() => void q.refetch()}>
          {q.isFetching ? t('checking') : t('check')}
        </button>
      </div>
      <p className="muted small">{t('intro')}</p>
      {q.isError ? (
        <p className="notice notice-warn" role="note">
          {t('failed')}: {describeError(tApp, q.error, { action: t('title'), namespace: ns }).title}
        </p>
      ) : null}
      {r ? (
        <>
          <p role="status" className={summaryKey(r) === 'allReady' ? 'ok' : 'bad'}>
            {t(summaryKey(r))}
          </p>
          <ul className="readiness-list">
            {row(t('server'), r.server)}
            {row(t('model', { model: r.model }), r.modelReady)}
          </ul>
          <p className="muted small">
            {t('checkedAt')} <RelativeTime iso={r.checkedAt} words />
          </p>
        </>
      ) : null}
    </section>
  );
}
