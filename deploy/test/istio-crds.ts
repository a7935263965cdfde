/**
 * The sandbox has no Istio. To dry-run the kubeflow overlay for real, the test installs stand-in CRDs
 * for the two Istio kinds it uses, with open schemas: the apiserver then checks everything else
 * (RBAC objects, Deployment, HPA, PDB, ...) with its real validation, and only these two kinds' bodies
 * go unchecked.
 */
function standIn(group: string, kind: string, plural: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.${group}
  labels: { servedeck.dev/stand-in: "true" }
spec:
  group: ${group}
  scope: Namespaced
  names: { kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}, listKind: ${kind}List }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`;
}

export const istioStandInCrds = [
  standIn('networking.istio.io', 'VirtualService', 'virtualservices'),
  standIn('security.istio.io', 'AuthorizationPolicy', 'authorizationpolicies'),
].join('---\n');
