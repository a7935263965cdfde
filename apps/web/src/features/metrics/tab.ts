/** The Metrics tab alone: the app imports it lazily (its own chunk, with the charts in another). */
export { MetricsTab } from './components/MetricsTab';
