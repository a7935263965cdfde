import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const base = { SERVEDECK_KUBECONFIG: '/k' };
const oidc = {
  ...base,
  SERVEDECK_OIDC_ISSUER: 'https://127.0.0.1:5556/dex',
  SERVEDECK_OIDC_CLIENT_ID: 'servedeck',
};

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({ ...oidc });
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'info',
      authMode: 'oidc',
      publicUrl: 'http://127.0.0.1:8080',
      passwordLogin: false,
      inferTimeoutMs: 60_000,
      inferMaxBytes: 16 * 1024 * 1024,
      namespaces: [],
      trustedProxies: [],
    });
    expect(c.oidc?.scopes).toContain('offline_access');
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ ...oidc, SERVEDECK_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...oidc, SERVEDECK_PORT: 'eighty' })).toThrow(/SERVEDECK_PORT/);
    expect(() => loadConfig({ ...oidc, SERVEDECK_GATEWAY_URL: 'ftp://x' })).toThrow(/SERVEDECK_GATEWAY_URL/);
    expect(() => loadConfig({ ...oidc, SERVEDECK_AUTH_MODE: 'magic' })).toThrow(/SERVEDECK_AUTH_MODE/);
    expect(() => loadConfig({ ...oidc, SERVEDECK_REDIS_URL: 'http://x' })).toThrow(/SERVEDECK_REDIS_URL/);
  });

  it('requires the OIDC client in oidc mode and the kubeconfig always', () => {
    expect(() => loadConfig({ ...base })).toThrow(/SERVEDECK_OIDC_ISSUER/);
    expect(() => loadConfig({ SERVEDECK_AUTH_MODE: 'kubeconfig' })).toThrow(/SERVEDECK_KUBECONFIG/);
    expect(loadConfig({ ...base, SERVEDECK_AUTH_MODE: 'kubeconfig' }).oidc).toBeUndefined();
  });

  it('requires trusted proxies in trusted-header mode and validates them', () => {
    expect(() => loadConfig({ ...base, SERVEDECK_AUTH_MODE: 'trusted-header' })).toThrow(/SERVEDECK_TRUSTED_PROXIES/);
    expect(() =>
      loadConfig({ ...base, SERVEDECK_AUTH_MODE: 'trusted-header', SERVEDECK_TRUSTED_PROXIES: '10.0.0.0/33' }),
    ).toThrow(/SERVEDECK_TRUSTED_PROXIES/);
    const c = loadConfig({
      ...base,
      SERVEDECK_AUTH_MODE: 'trusted-header',
      SERVEDECK_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1',
    });
    expect(c.trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
  });

  it('parses lists, booleans and the public URL', () => {
    const c = loadConfig({
      ...oidc,
      SERVEDECK_NAMESPACES: 'a, b-c',
      SERVEDECK_PASSWORD_LOGIN: 'true',
      SERVEDECK_PUBLIC_URL: 'https://deck.example.com/',
    });
    expect(c.namespaces).toEqual(['a', 'b-c']);
    expect(c.passwordLogin).toBe(true);
    expect(c.publicUrl).toBe('https://deck.example.com');
    expect(() => loadConfig({ ...oidc, SERVEDECK_NAMESPACES: 'Bad_NS' })).toThrow(/SERVEDECK_NAMESPACES/);
    expect(() => loadConfig({ ...base, SERVEDECK_AUTH_MODE: 'kubeconfig', SERVEDECK_PASSWORD_LOGIN: 'true' })).toThrow(
      /SERVEDECK_PASSWORD_LOGIN/,
    );
  });
});
