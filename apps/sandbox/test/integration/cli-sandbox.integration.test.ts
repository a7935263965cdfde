import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCli } from './cli';

/** The `env --json` object of docs/contracts.md. */
const envJson = z.object({
  stateDir: z.string(),
  kubeconfig: z.string().endsWith('/kubeconfig'),
  apiserverUrl: z.string().regex(/^https:\/\/127\.0\.0\.1:\d+$/),
  caFile: z.string().endsWith('/pki/ca.crt'),
  issuer: z.string().regex(/^https:\/\/127\.0\.0\.1:\d+\/dex$/),
  clientId: z.literal('servedeck'),
  clientSecret: z.string().min(16),
  gatewayUrl: z.string().regex(/^http:\/\/127\.0\.0\.1:\d+$/),
  ingressDomain: z.literal('example.com'),
  redirectPorts: z.array(z.number()),
  logins: z.array(z.object({ email: z.string(), password: z.string(), note: z.string() })),
  bff: z.record(z.string().startsWith('SERVEDECK_'), z.string()),
});

describe('CLI against the running sandbox', () => {
  it('env --json prints the contract object', () => {
    const r = runCli(['env', '--json']);
    expect(r.code).toBe(0);
    const e = envJson.parse(JSON.parse(r.stdout));
    expect(e.bff).toMatchObject({ SERVEDECK_OIDC_ISSUER: e.issuer, SERVEDECK_OIDC_CLIENT_ID: 'servedeck' });
  });

  it('env prints shell exports', () => {
    const r = runCli(['env']);
    expect(r.stdout).toMatch(/^export SERVEDECK_OIDC_ISSUER='https:\/\/127\.0\.0\.1:\d+\/dex'$/m);
  });

  it('token prints a Dex ID token for a sandbox user, and fails on a wrong password', () => {
    const r = runCli(['token', 'viewer@example.com']);
    expect(r.code).toBe(0);
    const [, payload] = r.stdout.trim().split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8'));
    expect(claims).toMatchObject({
      email: 'viewer@example.com',
      email_verified: true,
      groups: ['kubeflow-viewers'],
      aud: 'servedeck',
    });
    const bad = runCli(['token', 'viewer@example.com', '--password', 'wrong']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('401');
  });

  it('kubectl passes arguments, output and exit code through', () => {
    const ok = runCli(['kubectl', '--', 'get', 'ns', 'alice', '-o', 'name']);
    expect(ok).toMatchObject({ code: 0, stdout: 'namespace/alice\n' });
    const bad = runCli(['kubectl', '--', 'get', 'ns', 'no-such-namespace']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not found');
  });
});
