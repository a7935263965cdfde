import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';
import { DETAIL_TABS, type DetailTab, IsvcDetailsPage, ModelReadinessCard } from '@/features/isvc-details';
import { QuickActions } from '@/features/quick-actions';
import { TrainedModelsSection } from '@/features/trained-models';
import { NotFound } from '../NotFound';

// The Metrics tab and its charts are their own chunk: the initial JS budget holds.
const MetricsTab = lazy(() => import('@/features/metrics/tab').then((m) => ({ default: m.MetricsTab })));
// The History tab (its diff view's Monaco too) loads when opened.
const HistoryTab = lazy(() => import('@/features/history/tab').then((m) => ({ default: m.HistoryTab })));
// The Logs and YAML tabs too: the YAML editor brings the yaml library and the editor's checks, none of which the
// Overview a details link opens needs (Lighthouse's details page, docs/performance.md).
const LogsPanel = lazy(() => import('@/features/logs').then((m) => ({ default: m.LogsPanel })));
const IsvcYamlEditor = lazy(() => import('@/features/yaml-editor').then((m) => ({ default: m.IsvcYamlEditor })));

export function DetailsRoute() {
  const { ns = '', name = '', tab = 'overview' } = useParams();
  if (!DETAIL_TABS.includes(tab as DetailTab)) return <NotFound />;
  return (
    <IsvcDetailsPage
      key={`${ns}/${name}`}
      ns={ns}
      name={name}
      tab={tab as DetailTab}
      logs={
        <Suspense fallback={null}>
          <LogsPanel ns={ns} name={name} />
        </Suspense>
      }
      yaml={
        <Suspense fallback={null}>
          <IsvcYamlEditor ns={ns} name={name} />
        </Suspense>
      }
      metrics={
        <Suspense fallback={null}>
          <MetricsTab ns={ns} name={name} />
        </Suspense>
      }
      history={
        <Suspense fallback={null}>
          <HistoryTab ns={ns} name={name} />
        </Suspense>
      }
      actions={<QuickActions ns={ns} name={name} />}
      trainedModels={<TrainedModelsSection ns={ns} isvc={name} />}
      readiness={<ModelReadinessCard ns={ns} name={name} />}
      consoleHref={`/ns/${encodeURIComponent(ns)}/console?isvc=${encodeURIComponent(name)}`}
    />
  );
}
