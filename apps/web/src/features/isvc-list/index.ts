export { IsvcListPage } from './components/IsvcListPage';
