import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeServer } from '../helpers/fake-apiserver';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/**
 * `npm start` when the sandbox cannot come up (here: a state folder whose state.json is broken): it says
 * so loudly with the sandbox's own reason, starts against the user's kubeconfig and names that cluster.
 * Uses the built BFF and web app (SERVEDECK_START_BUILD=0).
 */
describe('npm start without a sandbox', () => {
  const api = new FakeServer();
  let child: ChildProcess | undefined;
  beforeAll(() => api.start());
  afterAll(async () => {
    child?.kill('SIGTERM');
    await api.stop();
  });

  it('says why the sandbox failed and which cluster ServeDeck talks to instead', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'sd-broken-sandbox-'));
    writeFileSync(join(broken, 'state.json'), 'not json');
    const port = await freePort();
    const kubeconfig = api.kubeconfig();
    child = spawn(process.execPath, [join(repoRoot, 'scripts/start.mjs')], {
      cwd: repoRoot,
      env: {
        ...process.env,
        SERVEDECK_START_BUILD: '0',
        SERVEDECK_SANDBOX_DIR: broken,
        KUBECONFIG: kubeconfig,
        SERVEDECK_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (c) => {
      out += String(c);
    });
    child.stderr?.on('data', (c) => {
      out += String(c);
    });
    await new Promise<void>((done, fail) => {
      const t = setTimeout(() => fail(new Error(`npm start did not finish starting:\n${out}`)), 90_000);
      const check = (): void => {
        if (out.includes('Press Ctrl-C')) {
          clearTimeout(t);
          done();
        }
      };
      child?.stdout?.on('data', check);
      child?.on('exit', () => {
        clearTimeout(t);
        fail(new Error(`npm start exited:\n${out}`));
      });
    });
    expect(out).toContain('The local sandbox is NOT running: `npm run sandbox -- up` exited 1.');
    expect(out).toMatch(/!! +sandbox: state\.json is not JSON/);
    expect(out).toContain(`ServeDeck starts against YOUR CURRENT KUBECONFIG instead: ${kubeconfig}`);
    expect(out).toContain(`cluster: test (${api.url}) as admin`);
    expect(out).toContain('NOT the sandbox');
    // piped, not a terminal: JSON logs
    expect(out).toMatch(/^\{"level":30,.*"msg":"servedeck-bff listening"/m);
  });
});
