export { LogsPanel } from './components/LogsPanel';
