import {
  type ApiError,
  METRICS_COMPONENTS,
  METRICS_NOT_CONFIGURED,
  METRICS_RANGES,
  type MetricsComponent,
  type MetricsRange,
} from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState } from 'react';
import { EmptyState, ErrorState, Loading } from '@/components/States';
import { useFormat, useTranslation } from '@/i18n';
import { asApiError } from '@/lib/http';
import { isvcMetricsQuery } from '../api/metrics';
import { chartsOf, refreshSeconds } from '../chart-data';
import { useMetricsT } from '../i18n';
import { RANGES_STEP } from '../ranges';
import '../metrics.css';

const TimeChart = lazy(() => import('./TimeChart'));

/** The Metrics tab of the details page: request rate, latency, errors, CPU, memory, replicas from Prometheus. */
export function MetricsTab({ ns, name }: { ns: string; name: string }) {
  const t = useMetricsT();
  const fmt = useFormat();
  const [range, setRange] = useState<MetricsRange>('1h');
  const [component, setComponent] = useState<MetricsComponent | undefined>(undefined);
  const [auto, setAuto] = useState(true);
  const refresh = refreshSeconds(RANGES_STEP[range]);
  const q = useQuery(isvcMetricsQuery(ns, name, range, component, auto ? refresh * 1000 : false));
  const charts = useMemo(() => (q.data ? chartsOf(q.data) : []), [q.data]);
  const err = asApiError(q.error);

  if (err?.reason === METRICS_NOT_CONFIGURED) {
    return (
      <EmptyState title={t('empty.notConfiguredTitle')}>
        <p className="muted">{t('empty.notConfigured')}</p>
      </EmptyState>
    );
  }

  const toolbar = (
    <div className="metrics-toolbar">
      <fieldset className="metrics-ranges">
        <legend className="sr-only">{t('tab.range')}</legend>
        {METRICS_RANGES.map((r) => (
          <label key={r} className={r === range ? 'metrics-range active' : 'metrics-range'}>
            <input type="radio" name="metrics-range" value={r} checked={r === range} onChange={() => setRange(r)} />
            {t(`tab.ranges.${r}`)}
          </label>
        ))}
      </fieldset>
      <label className="metrics-component">
        {t('tab.component')}{' '}
        <select
          value={component ?? ''}
          onChange={(e) => setComponent((e.target.value || undefined) as MetricsComponent | undefined)}
        >
          <option value="">{t('tab.allComponents')}</option>
          {METRICS_COMPONENTS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label className="metrics-auto">
        <input type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />{' '}
        {t('tab.autoRefresh', { seconds: refresh })}
      </label>
      {q.dataUpdatedAt ? (
        <span className="muted metrics-updated">
          {t('tab.updated', { time: fmt.dateTime(new Date(q.dataUpdatedAt).toISOString()) })}
        </span>
      ) : null}
    </div>
  );

  if (!q.data) {
    return (
      <section className="metrics-tab" aria-label={t('tab.label')}>
        {toolbar}
        {q.isPending ? <Loading what={t('tab.label')} /> : null}
        {err ? <MetricsError err={err} retry={() => void q.refetch()} /> : null}
      </section>
    );
  }
  const d = q.data;
  const totals =
    d.totals.requests === null
      ? null
      : d.totals.errors === null
        ? t('tab.totalsNoStatus', { requests: fmt.number(Math.round(d.totals.requests)) })
        : t('tab.totals', {
            requests: fmt.number(Math.round(d.totals.requests)),
            errors: fmt.number(Math.round(d.totals.errors)),
          });
  return (
    <section className="metrics-tab" aria-label={t('tab.label')} aria-busy={q.isFetching}>
      {toolbar}
      {err ? <MetricsError err={err} retry={() => void q.refetch()} /> : null}
      {totals ? <p className="metrics-totals">{totals}</p> : null}
      <div className="metrics-grid">
        {charts.map((c) => (
          <figure key={c.id} className="metrics-card" data-testid={`metrics-${c.id}`}>
            <figcaption>
              <span className="metrics-card-title">{t(c.title)}</span> <span className="muted">{t(c.unit)}</span>
            </figcaption>
            {c.lines.length === 0 ? (
              <p className="muted metrics-empty">{t(c.empty)}</p>
            ) : (
              <Suspense fallback={<p className="muted metrics-empty">{t('charts.loadingChart')}</p>}>
                <TimeChart def={c} start={d.start} end={d.end} step={d.step} />
              </Suspense>
            )}
          </figure>
        ))}
      </div>
    </section>
  );
}

function MetricsError({ err, retry }: { err: ApiError; retry: () => void }) {
  const t = useMetricsT();
  const { t: at } = useTranslation();
  const title =
    err.reason === 'MetricsUnavailable'
      ? t('empty.unavailableTitle')
      : err.status === 403
        ? t('empty.forbiddenTitle')
        : t('empty.readFailedTitle');
  return (
    <ErrorState
      title={title}
      detail={err.message}
      action={
        <button type="button" onClick={retry}>
          {at('common.retry')}
        </button>
      }
    />
  );
}
