export { RuntimesPage } from './components/RuntimesPage';
