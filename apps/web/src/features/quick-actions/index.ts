export { QuickActions } from './components/QuickActions';
