import { lazy, Suspense } from 'react';
import { useParams } from 'react-router';
import { DETAIL_TABS, type DetailTab, IsvcDetailsPage, ModelReadinessCard } from '@/features/isvc-details';
import { LogsPanel } from '@/features/logs';
import { QuickActions } from '@/features/quick-actions';
import { TrainedModelsSection } from '@/features/trained-models';
import { IsvcYamlEditor } from '@/features/yaml-editor';
import { NotFound } from '../NotFound';

// The Metrics tab and its charts are their own chunk: the initial JS budget holds.
const MetricsTab = lazy(() => import('@/features/metrics/tab').then((m) => ({ default: m.MetricsTab })));
// The History tab (its diff view's Monaco too) loads when opened.
const HistoryTab = lazy(() => import('@/features/history/tab').then((m) => ({ default: m.HistoryTab })));

export function DetailsRoute() {
  const { ns = '', name = '', tab = 'overview' } = useParams();
  if (!DETAIL_TABS.includes(tab as DetailTab)) return <NotFound />;
  return (
    <IsvcDetailsPage
      key={`${ns}/${name}`}
      ns={ns}
      name={name}
      tab={tab as DetailTab}
      logs={<LogsPanel ns={ns} name={name} />}
      yaml={<IsvcYamlEditor ns={ns} name={name} />}
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
