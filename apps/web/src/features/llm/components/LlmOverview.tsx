import { type LLMInferenceService, llmUrls, parallelismText } from '@servedeck/shared';
import { type Column, DataTable } from '@/components/DataTable';
import { KeyValues } from '@/components/KeyValues';
import { useLlmT } from '../i18n';

type Workload = { role: string; kind: string; name: string; ready: number | undefined };
type Cond = { type: string; status: string; reason?: string | undefined; message?: string | undefined };

/** Model, replicas, parallelism, router and scheduler, URLs, the workloads KServe reports, and the conditions. */
export function LlmOverview({ svc }: { svc: LLMInferenceService }) {
  const t = useLlmT();
  const none = t('overview.none');
  const router = svc.spec.router;
  const urls = llmUrls(svc);
  const reported = (svc.status?.workloads ?? {}) as Record<
    string,
    { kind?: unknown; name?: unknown; readyReplicas?: unknown } | undefined
  >;
  const workloads: Workload[] = Object.entries(reported).flatMap(([role, w]) =>
    w && typeof w.name === 'string'
      ? [
          {
            role,
            kind: typeof w.kind === 'string' ? w.kind : '',
            name: w.name,
            ready: typeof w.readyReplicas === 'number' ? w.readyReplicas : undefined,
          },
        ]
      : [],
  );
  const conditions: Cond[] = svc.status?.conditions ?? [];
  const workloadColumns: Column<Workload>[] = [
    { key: 'role', header: t('overview.workloadRole'), rowHeader: true, cell: (w) => w.role },
    { key: 'kind', header: t('overview.workloadKind'), cell: (w) => w.kind || none },
    { key: 'name', header: t('overview.workloadName'), className: 'mono', cell: (w) => w.name },
    {
      key: 'ready',
      header: t('overview.workloadReady'),
      className: 'num',
      cell: (w) => (w.ready === undefined ? none : String(w.ready)),
    },
  ];
  const condColumns: Column<Cond>[] = [
    { key: 'type', header: t('overview.condType'), rowHeader: true, cell: (c) => c.type },
    { key: 'status', header: t('overview.condStatus'), cell: (c) => c.status },
    { key: 'reason', header: t('overview.condReason'), cell: (c) => c.reason ?? none },
    { key: 'message', header: t('overview.condMessage'), className: 'wrap', cell: (c) => c.message ?? none },
  ];
  return (
    <div className="grid-cards">
      <section className="card" aria-labelledby="llm-summary">
        <h2 id="llm-summary">{t('overview.summary')}</h2>
        <KeyValues
          items={[
            [
              t('overview.modelUri'),
              <span key="uri" className="mono wrap">
                {svc.spec.model?.uri ?? none}
              </span>,
            ],
            [
              t('overview.modelName'),
              <span key="name" className="mono">
                {svc.spec.model?.name ?? none}
              </span>,
            ],
            [t('overview.replicas'), String(svc.spec.replicas ?? 1)],
            [
              t('overview.parallelism'),
              <span key="par" className="mono">
                {parallelismText(svc) ?? none}
              </span>,
            ],
            [
              t('overview.router'),
              router?.route !== undefined || router?.gateway !== undefined
                ? t('overview.routerManaged')
                : t('overview.routerNone'),
            ],
            [
              t('overview.scheduler'),
              router?.scheduler !== undefined ? t('overview.schedulerOn') : t('overview.schedulerOff'),
            ],
            [
              t('overview.baseRefs'),
              <span key="refs" className="mono">
                {(svc.spec.baseRefs ?? []).map((r) => r.name ?? '').join(', ') || none}
              </span>,
            ],
            [
              t('overview.urls'),
              urls.length ? (
                <ul key="urls" className="plain">
                  {urls.map((u) => (
                    <li key={u} className="mono wrap">
                      {u}
                    </li>
                  ))}
                </ul>
              ) : (
                none
              ),
            ],
          ]}
        />
      </section>
      <section className="card" aria-labelledby="llm-workloads">
        <h2 id="llm-workloads">{t('overview.workloads')}</h2>
        {workloads.length ? (
          <DataTable
            caption={t('overview.workloads')}
            captionHidden
            columns={workloadColumns}
            rows={workloads}
            rowKey={(w) => w.role}
          />
        ) : (
          <p className="muted">{t('overview.noWorkloads')}</p>
        )}
      </section>
      <section className="card" aria-labelledby="llm-conditions">
        <h2 id="llm-conditions">{t('overview.conditions')}</h2>
        {conditions.length ? (
          <DataTable
            caption={t('overview.conditions')}
            captionHidden
            columns={condColumns}
            rows={conditions}
            rowKey={(c) => c.type}
          />
        ) : (
          <p className="muted">{t('overview.noConditions')}</p>
        )}
      </section>
    </div>
  );
}
