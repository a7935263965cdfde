/**
 * The Kubernetes objects KServe's raw reconcilers (and the deployment/replicaset controllers they rely on)
 * create for one component of an InferenceService. Pure builders.
 */
import type {
  V1Container,
  V1Deployment,
  V1EnvVar,
  V1OwnerReference,
  V1Pod,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V1Service,
} from '@kubernetes/client-node';
import type { ComponentSpec, ComponentType, ContainerSpec, InferenceService, RuntimeRef } from './kserve-types';
import {
  componentLabels,
  componentName,
  deploymentModeAnnotation,
  isvcLabel,
  kserveContainerName,
  modelMountPath,
  nodeName,
  podTemplateHash,
  podTemplateHashLabel,
  rawServiceLabel,
  revisionAnnotation,
  storageInitializerImage,
  storageInitializerName,
  storageUriAnnotation,
} from './names';

export function ownerRef(
  obj: {
    apiVersion?: string | undefined;
    kind?: string | undefined;
    metadata: { name: string; uid?: string | undefined };
  },
  fallback: { apiVersion: string; kind: string },
): V1OwnerReference {
  return {
    apiVersion: obj.apiVersion ?? fallback.apiVersion,
    kind: obj.kind ?? fallback.kind,
    name: obj.metadata.name,
    uid: obj.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export const isvcKind = { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService' };

/** Replaces `{{.Name}}`, `{{.Namespace}}`, `{{.Labels.x}}`, `{{.Annotations.x}}` as KServe's runtime templating does. */
export function expandTemplate(s: string, isvc: InferenceService): string {
  return s.replace(
    /\{\{\s*\.(Name|Namespace|Labels\.([\w.-]+)|Annotations\.([\w.-]+))\s*\}\}/g,
    (_m, key: string, l, a) => {
      if (key === 'Name') return isvc.metadata.name;
      if (key === 'Namespace') return isvc.metadata.namespace ?? '';
      if (l) return isvc.metadata.labels?.[l] ?? '';
      if (a) return isvc.metadata.annotations?.[a] ?? '';
      return '';
    },
  );
}

function mergeEnv(base: ContainerSpec['env'], over: ContainerSpec['env']): V1EnvVar[] | undefined {
  const out = new Map<string, V1EnvVar>();
  for (const e of [...(base ?? []), ...(over ?? [])]) out.set(e.name, e as V1EnvVar);
  return out.size > 0 ? [...out.values()] : undefined;
}

const mlserverModelClass: Record<string, string> = {
  sklearn: 'mlserver_sklearn.SKLearnModel',
  xgboost: 'mlserver_xgboost.XGBoostModel',
  lightgbm: 'mlserver_lightgbm.LightGBMModel',
  mlflow: 'mlserver_mlflow.MLflowRuntime',
};

/**
 * KServe's `SetMlServerDefaults`: an InferenceService served by MLServer gets the `modelClass` label
 * (read by the runtime's `{{.Labels.modelClass}}` env) from its model format, unless it has one.
 */
export function withRuntimeDefaults(
  isvc: InferenceService,
  spec: ComponentSpec,
  runtime: RuntimeRef | undefined,
): InferenceService {
  const usesModelClass = runtime?.spec.containers.some((c) =>
    c.env?.some((e) => e.value?.includes('.Labels.modelClass')),
  );
  const format = spec.model?.modelFormat.name ?? '';
  const cls = mlserverModelClass[format];
  if (!usesModelClass || !cls || isvc.metadata.labels?.modelClass) return isvc;
  return { ...isvc, metadata: { ...isvc.metadata, labels: { ...(isvc.metadata.labels ?? {}), modelClass: cls } } };
}

/** The predictor's kserve-container: the runtime's first container with the model's fields merged over it. */
export function modelContainer(
  isvc: InferenceService,
  spec: ComponentSpec,
  runtime: RuntimeRef | undefined,
): V1Container {
  const model = spec.model;
  const rtc = runtime?.spec.containers[0];
  const fromModel = (model ?? {}) as Record<string, unknown>;
  const base: Record<string, unknown> = { ...(rtc ?? {}) };
  for (const k of ['image', 'command', 'resources', 'ports', 'readinessProbe', 'livenessProbe', 'securityContext']) {
    if (fromModel[k] !== undefined) base[k] = fromModel[k];
  }
  const args = [...(rtc?.args ?? []), ...(model?.args ?? [])].map((a) => expandTemplate(a, isvc));
  const env = mergeEnv(rtc?.env, model?.env)?.map((e) =>
    e.value !== undefined ? { ...e, value: expandTemplate(e.value, isvc) } : e,
  );
  const c: V1Container = { ...(base as object), name: kserveContainerName } as V1Container;
  if (args.length > 0) c.args = args;
  else delete c.args;
  if (env) c.env = env;
  if (model?.storageUri)
    c.volumeMounts = [{ name: 'kserve-provision-location', mountPath: modelMountPath, readOnly: true }];
  return c;
}

/** Containers of a component that gives its own containers (custom predictor, transformer). */
function customContainers(spec: ComponentSpec): V1Container[] {
  return (spec.containers ?? []).map((c, i) => ({
    ...(c as object),
    name: c.name ?? (i === 0 ? kserveContainerName : `container-${i}`),
  })) as V1Container[];
}

export function storageUriOf(spec: ComponentSpec): string | undefined {
  if (spec.model?.storageUri) return spec.model.storageUri;
  const env = spec.containers?.[0]?.env?.find((e) => e.name === 'STORAGE_URI');
  return env?.value;
}

/**
 * KServe's `setDefaultPodSpec` (deployment_reconciler.go): the model server (and a collocated transformer)
 * without a readiness probe gets a TCP probe on its first port, or 8080.
 */
export function withDefaultReadinessProbe(c: V1Container): V1Container {
  if (c.readinessProbe || (c.name !== kserveContainerName && c.name !== 'transformer-container')) return c;
  return {
    ...c,
    readinessProbe: {
      tcpSocket: { port: c.ports?.[0]?.containerPort ?? 8080 },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    },
  };
}

/** The pod template of the component's Deployment, before the pod webhook adds the storage initializer. */
export function podTemplate(
  isvc: InferenceService,
  component: ComponentType,
  spec: ComponentSpec,
  runtime: RuntimeRef | undefined,
): V1PodTemplateSpec {
  isvc = withRuntimeDefaults(isvc, spec, runtime);
  const name = isvc.metadata.name;
  const containers = (spec.model ? [modelContainer(isvc, spec, runtime)] : customContainers(spec)).map(
    withDefaultReadinessProbe,
  );
  const storageUri = storageUriOf(spec);
  const labels = {
    ...(runtime?.spec.labels ?? {}),
    ...(isvc.metadata.labels ?? {}),
    ...componentLabels(name, component),
  };
  const annotations: Record<string, string> = { ...(runtime?.spec.annotations ?? {}) };
  if (storageUri) annotations[storageUriAnnotation] = storageUri;
  const template: V1PodTemplateSpec = {
    metadata: { labels, annotations },
    spec: {
      containers,
      ...(storageUri ? { volumes: [{ name: 'kserve-provision-location', emptyDir: {} }] } : {}),
    },
  };
  return template;
}

export function deploymentFor(
  isvc: InferenceService,
  component: ComponentType,
  template: V1PodTemplateSpec,
  replicas: number,
  revision: number,
): V1Deployment {
  const name = componentName(isvc.metadata.name, component);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: isvc.metadata.namespace ?? 'default',
      labels: { ...(isvc.metadata.labels ?? {}), ...componentLabels(isvc.metadata.name, component) },
      annotations: { [deploymentModeAnnotation]: 'Standard', [revisionAnnotation]: String(revision) },
      ownerReferences: [ownerRef(isvc, isvcKind)],
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: rawServiceLabel(isvc.metadata.name, component) } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      template,
    },
  };
}

export function templateHashOf(template: V1PodTemplateSpec): string {
  return podTemplateHash(template);
}

export function replicaSetFor(
  deployment: V1Deployment,
  deploymentUid: string,
  hash: string,
  replicas: number,
  revision: number,
): V1ReplicaSet {
  const template = deployment.spec?.template ?? {};
  const labels = { ...(template.metadata?.labels ?? {}), [podTemplateHashLabel]: hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${deployment.metadata?.name}-${hash}`,
      namespace: deployment.metadata?.namespace ?? 'default',
      labels,
      annotations: {
        [revisionAnnotation]: String(revision),
        'deployment.kubernetes.io/desired-replicas': String(replicas),
      },
      ownerReferences: [
        ownerRef(
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: deployment.metadata?.name ?? '', uid: deploymentUid },
          },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
          },
        ),
      ],
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...(deployment.spec?.selector.matchLabels ?? {}), [podTemplateHashLabel]: hash } },
      template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
    },
  };
}

/** A Pod as the replicaset controller creates it, already bound to the sandbox node, with the storage initializer injected. */
export function podFor(rs: V1ReplicaSet, rsUid: string, suffix: string): V1Pod {
  const template = rs.spec?.template ?? {};
  const spec = structuredClone(template.spec ?? { containers: [] });
  const storageUri = template.metadata?.annotations?.[storageUriAnnotation];
  if (storageUri) {
    spec.initContainers = [
      {
        name: storageInitializerName,
        image: storageInitializerImage,
        args: [storageUri, modelMountPath],
        resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '1Gi' } },
        terminationMessagePolicy: 'FallbackToLogsOnError',
        volumeMounts: [{ name: 'kserve-provision-location', mountPath: modelMountPath }],
      },
      ...(spec.initContainers ?? []),
    ];
  }
  spec.nodeName = nodeName;
  spec.restartPolicy = 'Always';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rs.metadata?.name}-${suffix}`,
      namespace: rs.metadata?.namespace ?? 'default',
      labels: { ...(template.metadata?.labels ?? {}) },
      annotations: { ...(template.metadata?.annotations ?? {}) },
      ownerReferences: [
        ownerRef(
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: rs.metadata?.name ?? '', uid: rsUid } },
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
          },
        ),
      ],
    },
    spec,
  };
}

export function serviceFor(isvc: InferenceService, component: ComponentType): V1Service {
  const name = componentName(isvc.metadata.name, component);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: isvc.metadata.namespace ?? 'default',
      labels: { ...(isvc.metadata.labels ?? {}), ...componentLabels(isvc.metadata.name, component) },
      ownerReferences: [ownerRef(isvc, isvcKind)],
    },
    spec: {
      type: 'ClusterIP',
      selector: { app: rawServiceLabel(isvc.metadata.name, component) },
      ports: [{ name: name, protocol: 'TCP', port: 80, targetPort: 8080 }],
    },
  };
}

export function isOwnedBy(obj: { metadata?: { labels?: Record<string, string> } }, isvcName: string): boolean {
  return obj.metadata?.labels?.[isvcLabel] === isvcName;
}
