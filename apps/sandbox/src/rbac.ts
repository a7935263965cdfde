import type { KubeObject } from './kube';
import type { NamespaceGrant } from './users';

const rbacV1 = 'rbac.authorization.k8s.io/v1';
const all = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const read = ['get', 'list', 'watch'];

/** What a profile owner works with; explicit rules (a bare apiserver has no aggregation controller). */
function profileRules(verbs: string[]) {
  return [
    {
      apiGroups: ['serving.kserve.io'],
      resources: ['inferenceservices', 'inferenceservices/status', 'servingruntimes'],
      verbs,
    },
    // InferenceGraphs (issue 17): KServe's kubeflow-kserve-edit/-view aggregate them into Kubeflow's roles too
    { apiGroups: ['serving.kserve.io'], resources: ['inferencegraphs', 'inferencegraphs/status'], verbs },
    // TrainedModels and LLMInferenceServices with their configs (issue 17): KServe's kubeflow-kserve-edit/-view
    // aggregate them too
    {
      apiGroups: ['serving.kserve.io'],
      resources: [
        'trainedmodels',
        'trainedmodels/status',
        'llminferenceservices',
        'llminferenceservices/status',
        'llminferenceserviceconfigs',
      ],
      verbs,
    },
    { apiGroups: [''], resources: ['pods', 'pods/log', 'services', 'events'], verbs },
    // spec history revisions (docs/history.md): Kubeflow's kubeflow-edit / kubeflow-view carry configmaps (from the
    // aggregated edit / view roles), so a profile's owners may write them and its viewers read them
    { apiGroups: [''], resources: ['configmaps'], verbs },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: read },
    { apiGroups: ['apps'], resources: ['deployments'], verbs },
    // diagnostics (events of everything an InferenceService owns): Kubeflow's kubeflow-view carries both
    { apiGroups: ['apps'], resources: ['replicasets'], verbs: read },
    { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: read },
  ];
}

export const ownerRole = 'servedeck-profile-owner';
export const viewerRole = 'servedeck-profile-viewer';
export const authenticatedRole = 'servedeck-authenticated';

export function clusterRoles(): KubeObject[] {
  return [
    { apiVersion: rbacV1, kind: 'ClusterRole', metadata: { name: ownerRole }, rules: profileRules(all) },
    { apiVersion: rbacV1, kind: 'ClusterRole', metadata: { name: viewerRole }, rules: profileRules(read) },
    {
      apiVersion: rbacV1,
      kind: 'ClusterRole',
      metadata: { name: authenticatedRole },
      rules: [
        { apiGroups: ['serving.kserve.io'], resources: ['clusterservingruntimes'], verbs: read },
        {
          apiGroups: ['apiextensions.k8s.io'],
          resources: ['customresourcedefinitions'],
          resourceNames: [
            'inferenceservices.serving.kserve.io',
            // the editor's schema of each registry kind (packages/shared/src/registry)
            'inferencegraphs.serving.kserve.io',
            'trainedmodels.serving.kserve.io',
            'llminferenceservices.serving.kserve.io',
            'llminferenceserviceconfigs.serving.kserve.io',
          ],
          verbs: ['get'],
        },
      ],
    },
    {
      apiVersion: rbacV1,
      kind: 'ClusterRoleBinding',
      metadata: { name: authenticatedRole },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: authenticatedRole },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }],
    },
  ];
}

const userSubjects = (emails: string[]) =>
  emails.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name }));

/** A namespace like a Kubeflow profile: owner annotation, owner and viewer RoleBindings. */
export function profileObjects(grant: NamespaceGrant): KubeObject[] {
  const ns = grant.namespace;
  const objs: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: { 'app.kubernetes.io/part-of': 'kubeflow-profile', 'servedeck.dev/sandbox': 'true' },
        annotations: { owner: grant.owners[0] ?? '' },
      },
    },
    {
      apiVersion: rbacV1,
      kind: 'RoleBinding',
      metadata: { name: 'namespaceAdmin', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ownerRole },
      subjects: userSubjects(grant.owners),
    },
  ];
  if (grant.viewers.length > 0) {
    objs.push({
      apiVersion: rbacV1,
      kind: 'RoleBinding',
      metadata: { name: 'namespaceViewer', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: viewerRole },
      subjects: userSubjects(grant.viewers),
    });
  }
  return objs;
}
