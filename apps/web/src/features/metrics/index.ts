export { LoadTest } from './components/LoadTest';
export { RequestSparkline, useNamespaceRates, useRequestsColumnLabel } from './components/RequestSparkline';
