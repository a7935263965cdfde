/** The sandbox's Dex users (static passwords) and the namespaces they own, like Kubeflow profiles. */
export type SandboxUser = {
  email: string;
  username: string;
  password: string;
  userID: string;
  groups: string[];
  note: string;
};

export const users: readonly SandboxUser[] = [
  {
    email: 'user@example.com',
    username: 'user',
    password: '12341234',
    userID: '15841185641784',
    groups: ['kubeflow-users'],
    note: 'Kubeflow default user: owns kubeflow-user-example-com',
  },
  {
    email: 'alice@example.com',
    username: 'alice',
    password: 'alice1234',
    userID: '15841185641785',
    groups: ['team-alice'],
    note: 'owns namespace alice only',
  },
  {
    email: 'viewer@example.com',
    username: 'viewer',
    password: 'viewer1234',
    userID: '15841185641786',
    groups: ['kubeflow-viewers'],
    note: 'read-only in kubeflow-user-example-com',
  },
];

export function findUser(email: string): SandboxUser | undefined {
  return users.find((u) => u.email === email.toLowerCase());
}

export type NamespaceGrant = { namespace: string; owners: string[]; viewers: string[] };

export const namespaces: readonly NamespaceGrant[] = [
  { namespace: 'kubeflow-user-example-com', owners: ['user@example.com'], viewers: ['viewer@example.com'] },
  { namespace: 'alice', owners: ['alice@example.com'], viewers: [] },
];
