/**
 * SANDBOX_KSERVE_MODE=imitation: our own reading of the KServe controller (with its webhook defaults) and of the
 * deployment/replicaset controllers, for as long as `sandbox up` still starts the imitation by default. Deleted
 * once the real KServe controller manager and kube-controller-manager are the only mode (issue 14).
 */
import type { KubernetesObject, ListWatch, V1Pod } from '@kubernetes/client-node';
import type { EventRecorder } from './events';
import type { KubeClient } from './kube-client';
import { isvcLabel } from './names';
import { Controller, isIgnored } from './reconciler';

export type Imitation = {
  controller: Controller;
  /** Tell the controller a pod of one of its InferenceServices changed. */
  podChanged: (pod: V1Pod | KubernetesObject) => void;
  /** Lists ServingRuntimes and ClusterServingRuntimes (before the InferenceServices). */
  start: () => Promise<void>;
  /** Reconciles everything now and every 30 s (once every informer synced). */
  begin: () => void;
  stop: () => Promise<void>;
};

export function imitation(o: {
  client: KubeClient;
  events: EventRecorder;
  domain: string;
  workers: number;
  log: (msg: string) => void;
  isvcs: ListWatch<KubernetesObject>;
  pods: ListWatch<KubernetesObject>;
  onError: (what: string) => (err: unknown) => void;
}): Imitation {
  const runtimes = o.client.informer<KubernetesObject>(
    '/apis/serving.kserve.io/v1alpha1/servingruntimes',
    o.onError('servingruntimes'),
  );
  const clusterRuntimes = o.client.informer<KubernetesObject>(
    '/apis/serving.kserve.io/v1alpha1/clusterservingruntimes',
    o.onError('clusterservingruntimes'),
  );
  const controller = new Controller({
    client: o.client,
    events: o.events,
    domain: o.domain,
    log: o.log,
    isvcs: o.isvcs,
    runtimes,
    clusterRuntimes,
    pods: o.pods,
    workers: o.workers,
  });
  const podChanged = (pod: V1Pod | KubernetesObject) => {
    const name = pod.metadata?.labels?.[isvcLabel];
    if (name) controller.enqueue(pod.metadata?.namespace ?? '', name);
  };
  const enqueueObj = (obj: KubernetesObject) => {
    if (!isIgnored(obj)) controller.enqueue(obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
  };
  o.isvcs.on('add', enqueueObj);
  o.isvcs.on('update', enqueueObj);
  o.isvcs.on('delete', enqueueObj);
  for (const inf of [runtimes, clusterRuntimes]) {
    inf.on('add', () => controller.enqueueAll());
    inf.on('update', () => controller.enqueueAll());
    inf.on('delete', () => controller.enqueueAll());
  }
  for (const ev of ['add', 'update', 'delete'] as const) o.pods.on(ev, podChanged);
  let resync: NodeJS.Timeout | undefined;
  return {
    controller,
    podChanged,
    start: async () => {
      await Promise.all([runtimes.start(), clusterRuntimes.start()]);
    },
    begin: () => {
      controller.enqueueAll();
      resync = setInterval(() => controller.enqueueAll(), 30_000);
    },
    stop: async () => {
      if (resync) clearInterval(resync);
      controller.stop();
      await Promise.all([runtimes.stop(), clusterRuntimes.stop()]).catch(() => {});
    },
  };
}
