import {
  diagnoseIsvc,
  eventSchema,
  inferenceServiceSchema,
  parseEach,
  podSchema,
  serviceSchema,
} from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Badge } from '@/components/Badge';
import { ErrorState, Loading } from '@/components/States';
import { describeError, useTranslation } from '@/i18n';
import { PHASE_TONE } from '@/lib/isvc-display';
import { eventsQuery, isvcQuery, resourcesQuery, useSetStopped } from '../api/details';
import { useIsvcDetailWatch } from '../hooks/useIsvcDetailWatch';
import { ComponentsTab } from './ComponentsTab';
import { DeleteDialog } from './DeleteDialog';
import { OverviewTab } from './OverviewTab';
import { EventsTable, PodsTable, ServicesTable } from './ResourceTables';

export const DETAIL_TABS = [
  'overview',
  'components',
  'pods',
  'services',
  'events',
  'metrics',
  'logs',
  'history',
  'yaml',
] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

export function IsvcDetailsPage({
  ns,
  name,
  tab,
  logs,
  yaml,
  metrics,
  history = null,
  actions = null,
  readiness = null,
  trainedModels = null,
  consoleHref,
}: {
  ns: string;
  name: string;
  tab: DetailTab;
  /** Slots filled by the app with other features. */
  logs: ReactNode;
  yaml: ReactNode;
  metrics: ReactNode;
  /** The History tab (features/history). */
  history?: ReactNode;
  /** On the Overview: the model's readiness beside the server's (readiness/ModelReadinessCard; absent in page tests). */
  readiness?: ReactNode;
  /** Quick actions in the page head (features/quick-actions: scale, change the model, undo). */
  actions?: ReactNode;
  /** Under the overview: the TrainedModels loaded into it (features/trained-models). */
  trainedModels?: ReactNode;
  consoleHref: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const raw = useQuery(isvcQuery(ns, name));
  const resources = useQuery(resourcesQuery(ns, name));
  const events = useQuery(eventsQuery(ns, name));
  const stream = useIsvcDetailWatch(ns, name, raw.isSuccess);
  const setStopped = useSetStopped(ns, name);
  const [deleting, setDeleting] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const isvc = useMemo(() => (raw.data ? inferenceServiceSchema.safeParse(raw.data).data : undefined), [raw.data]);
  const pods = useMemo(() => parseEach(podSchema, resources.data?.pods ?? []), [resources.data]);
  const services = useMemo(() => parseEach(serviceSchema, resources.data?.services ?? []), [resources.data]);
  const evs = useMemo(() => parseEach(eventSchema, events.data?.items ?? []), [events.data]);
  const diagnosis = useMemo(() => (isvc ? diagnoseIsvc({ isvc, pods, events: evs }) : undefined), [isvc, pods, evs]);
  const base = `/ns/${encodeURIComponent(ns)}/isvc/${encodeURIComponent(name)}`;

  if (raw.isPending) return <Loading what={name} />;
  if (raw.isError || !isvc || !diagnosis) {
    const d = describeError(t, raw.error, { action: t('actions.readIsvc', { name }), namespace: ns });
    return (
      <section className="page">
        <ErrorState
          title={raw.isError ? d.title : t('details.gone', { name })}
          detail={raw.isError ? d.detail : t('details.deleted')}
          action={<Link to={`/ns/${encodeURIComponent(ns)}`}>{t('common.backToList')}</Link>}
        />
      </section>
    );
  }
  const stopped = diagnosis.status.phase === 'Stopped';
  const secondary = (q: { isError: boolean; error: unknown }, action: string) =>
    q.isError ? (
      <p className="notice notice-warn" role="note">
        {describeError(t, q.error, { action, namespace: ns }).title}
      </p>
    ) : null;

  return (
    <section className="page" aria-labelledby="isvc-title">
      <nav aria-label={t('details.breadcrumb')} className="breadcrumb">
        <Link to={`/ns/${encodeURIComponent(ns)}`}>{t('list.title')}</Link> <span aria-hidden="true">/</span> {ns}
      </nav>
      <div className="page-head">
        <h1 id="isvc-title">{name}</h1>
        <Badge tone={PHASE_TONE[diagnosis.status.phase]} title={diagnosis.status.message}>
          {t(`phase.${diagnosis.status.phase}`)}
          {diagnosis.status.reason && diagnosis.status.phase !== 'Ready' && diagnosis.status.reason !== 'Stopped'
            ? `: ${diagnosis.status.reason}`
            : ''}
        </Badge>
        {stream === 'live' ? <span className="live live-live">{t('common.live')}</span> : null}
        <div className="spacer" />
        <Link className="btn" to={consoleHref}>
          {t('details.test')}
        </Link>
        {actions}
        <button
          type="button"
          className="btn"
          disabled={setStopped.isPending}
          onClick={() => setStopped.mutate(!stopped)}
        >
          {stopped ? t('details.start') : t('details.stop')}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => setDeleting(true)}>
          {t('details.delete')}
        </button>
      </div>
      {setStopped.isError ? (
        <p role="alert" className="notice notice-error">
          {
            describeError(t, setStopped.error, {
              action: stopped ? t('actions.start', { name }) : t('actions.stop', { name }),
              namespace: ns,
            }).detail
          }
        </p>
      ) : null}
      <nav className="tabs" aria-label={t('details.tabs.label')}>
        {DETAIL_TABS.map((id) => (
          <Link key={id} to={`${base}/${id}`} aria-current={id === tab ? 'page' : undefined} className="tab">
            {t(`details.tabs.${id}`)}
            {id === 'pods' && resources.data ? <span className="tab-count">{pods.length}</span> : null}
            {id === 'events' && evs.some((e) => e.type === 'Warning') ? (
              <span className="tab-count warn">!</span>
            ) : null}
          </Link>
        ))}
      </nav>
      <div className="tab-panel">
        {tab === 'overview' ? (
          <>
            {secondary(resources, t('actions.readPodsAndServices'))}
            {readiness}
            <OverviewTab isvc={isvc} diagnosis={diagnosis} />
            {trainedModels}
          </>
        ) : null}
        {tab === 'components' ? <ComponentsTab isvc={isvc} /> : null}
        {tab === 'pods' ? (
          resources.isPending ? (
            <Loading what={t('what.pods')} />
          ) : (
            (secondary(resources, t('actions.readPods')) ?? <PodsTable pods={pods} now={now} />)
          )
        ) : null}
        {tab === 'services' ? (
          resources.isPending ? (
            <Loading what={t('what.services')} />
          ) : (
            (secondary(resources, t('actions.readServices')) ?? <ServicesTable services={services} now={now} />)
          )
        ) : null}
        {tab === 'events' ? (
          events.isPending ? (
            <Loading what={t('what.events')} />
          ) : (
            (secondary(events, t('actions.readEvents')) ?? <EventsTable events={evs} now={now} />)
          )
        ) : null}
        {tab === 'metrics' ? metrics : null}
        {tab === 'logs' ? logs : null}
        {tab === 'history' ? history : null}
        {tab === 'yaml' ? yaml : null}
      </div>
      <DeleteDialog
        ns={ns}
        name={name}
        open={deleting}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate(`/ns/${encodeURIComponent(ns)}`)}
      />
    </section>
  );
}
