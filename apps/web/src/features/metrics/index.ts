export { LoadTest } from './components/LoadTest';
export { RequestSparkline, RequestsColumnTitle, useNamespaceRates } from './components/RequestSparkline';
