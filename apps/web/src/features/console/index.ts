export { ConsolePage } from './components/ConsolePage';
