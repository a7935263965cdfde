export { IsvcListPage } from './components/IsvcListPage';
export type { ExtraColumn } from './components/IsvcTable';
