/** The sandbox's namespaces the suites use (created by `sandbox up` from shared/seed). */
export const USER_NS = 'kubeflow-user-example-com';
export const ALICE_NS = 'alice';
