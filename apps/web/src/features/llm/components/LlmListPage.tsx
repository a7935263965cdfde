import {
  ALL_NAMESPACES,
  LLM_INFERENCE_SERVICE,
  LLM_INFERENCE_SERVICE_CONFIG,
  type RowSummary,
} from '@servedeck/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Column } from '@/components/DataTable';
import { DataTable } from '@/components/DataTable';
import { KindListPage, namespaceColumn } from '@/components/kind/KindListPage';
import { RelativeTime } from '@/components/RelativeTime';
import { ErrorState } from '@/components/States';
import { errorDetail } from '@/lib/error-detail';
import { llmConfigsQuery, llmKeys } from '../api/llm';
import { useLlmT } from '../i18n';

const text = (v: string | number | undefined) => (v === undefined || v === '' ? '–' : String(v));

/** The LLMInferenceServices of a namespace (or all the user may use), live, and the namespace's configs. */
export function LlmListPage({ ns }: { ns: string }) {
  const t = useLlmT();
  const configs = useQuery(llmConfigsQuery(ns));
  const configRows = useMemo(
    () => (configs.data?.items ?? []).map((o) => LLM_INFERENCE_SERVICE_CONFIG.summarize(o)),
    [configs.data],
  );
  const configColumns: Column<RowSummary>[] = [
    { key: 'name', header: t('columns.name'), rowHeader: true, className: 'mono', cell: (r) => r.name },
    ...(ns === ALL_NAMESPACES ? [namespaceColumn(t)] : []),
    { key: 'model', header: t('columns.model'), className: 'mono wrap', cell: (r) => text(r.columns.modelUri) },
    { key: 'replicas', header: t('columns.replicas'), className: 'num', cell: (r) => text(r.columns.replicas) },
    { key: 'par', header: t('columns.parallelism'), className: 'mono', cell: (r) => text(r.columns.parallelism) },
    { key: 'age', header: t('columns.age'), cell: (r) => <RelativeTime iso={r.createdAt} /> },
  ];
  return (
    <KindListPage
      kind={LLM_INFERENCE_SERVICE}
      keys={llmKeys}
      section="llm"
      ns={ns}
      t={t}
      columns={[
        { key: 'model', header: t('columns.model'), className: 'mono wrap', cell: (r) => text(r.columns.model) },
        { key: 'replicas', header: t('columns.replicas'), className: 'num', cell: (r) => text(r.columns.replicas) },
        { key: 'par', header: t('columns.parallelism'), className: 'mono', cell: (r) => text(r.columns.parallelism) },
      ]}
    >
      <section aria-labelledby="llm-configs-title">
        <h2 id="llm-configs-title">{t('configsTitle')}</h2>
        <p className="muted">{t('configsIntro')}</p>
        {configs.isError ? <ErrorState title={t('configsFailed')} detail={errorDetail(configs.error)} /> : null}
        {configs.isSuccess && configRows.length === 0 ? <p className="muted">{t('configsEmpty')}</p> : null}
        {configRows.length > 0 ? (
          <DataTable
            caption={t('configsTitle')}
            captionHidden
            columns={configColumns}
            rows={configRows}
            rowKey={(r) => r.key}
          />
        ) : null}
      </section>
    </KindListPage>
  );
}
