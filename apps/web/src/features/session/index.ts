export { meQuery, namespacesQuery } from './api/session';
export { NamespaceSwitcher } from './components/NamespaceSwitcher';
export { SessionExpired, SessionGate, signIn } from './components/SessionGate';
export { UserMenu } from './components/UserMenu';
