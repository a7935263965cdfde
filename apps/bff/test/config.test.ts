import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('applies defaults', () => {
    expect(loadConfig({ SERVEDECK_AUTH_MODE: 'kubeconfig', SERVEDECK_KUBECONFIG: '/k' })).toMatchObject({ host: '127.0.0.1', port: 8080, logLevel: 'info' });
  });
  it('names the bad variable', () => {
    expect(() => loadConfig({ SERVEDECK_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ SERVEDECK_PORT: 'eighty' })).toThrow(/SERVEDECK_PORT/);
  });
});
