export { LoadTest } from './components/LoadTest';
export { MetricsTab } from './components/MetricsTab';
export { RequestSparkline, RequestsColumnTitle, useNamespaceRates } from './components/RequestSparkline';
