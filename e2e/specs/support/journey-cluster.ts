/**
 * What the journey and failure specs check outside the browser: the sandbox's kubectl, the model server
 * processes of a pod (found as apps/sandbox/test/controller/serving.integration.test.ts finds them), and
 * a recorder of everything the browser received (for the token scan).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { TokenScanner } from './journey-token-scan';

const cli = fileURLToPath(new URL('../../../scripts/sandbox.mjs', import.meta.url));

/** `npm run sandbox -- kubectl -- ARGS` (admin kubeconfig); stdout, or throws with stderr. */
export function kubectl(args: string[]): string {
  const r = spawnSync(process.execPath, [cli, 'kubectl', '--', ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Names of the pods of an InferenceService (label `serving.kserve.io/inferenceservice`). */
export function podNames(ns: string, isvc: string): string[] {
  const out = kubectl([
    'get',
    'pods',
    '-n',
    ns,
    '-l',
    `serving.kserve.io/inferenceservice=${isvc}`,
    '-o',
    'jsonpath={.items[*].metadata.name}',
  ]).trim();
  return out ? out.split(/\s+/) : [];
}

/** A field of a Service or Pod, by jsonpath. */
export function jsonpath(kind: string, ns: string, name: string, path: string): string {
  return kubectl(['get', kind, '-n', ns, name, '-o', `jsonpath=${path}`]).trim();
}

/** The state folder of the sandbox the suite talks to (`npm test` sets its own, `.sandbox-test`). */
const stateDir = process.env.SERVEDECK_SANDBOX_DIR
  ? resolve(process.env.SERVEDECK_SANDBOX_DIR)
  : fileURLToPath(new URL('../../../.sandbox', import.meta.url));

const podUids = new Map<string, string>();

/**
 * A pod's uid, remembered from the first time it was read: after the pod is deleted its processes are still
 * looked for in its folder (`kubectl get` answers NotFound then, which made the journey's last check throw).
 */
function podUid(ns: string, pod: string): string | undefined {
  const key = `${ns}/${pod}`;
  const known = podUids.get(key);
  if (known) return known;
  try {
    const uid = jsonpath('pod', ns, pod, '{.metadata.uid}');
    if (uid) podUids.set(key, uid);
    return uid || undefined;
  } catch {
    return undefined; // not there (yet, or any more, never seen)
  }
}

/**
 * PIDs of the model server processes of a pod: working folder or command line inside the pod's folder
 * of this suite's sandbox (`<state>/pods/<uid>/`, or `<state>/work/NS_POD` of the older kubelet), so a
 * same-named pod of another sandbox on the machine (a user's `npm start`) is never picked.
 */
export function podPids(ns: string, pod: string): number[] {
  const uid = podUid(ns, pod);
  const folders = [join(stateDir, 'work', `${ns}_${pod}`), ...(uid ? [join(stateDir, 'pods', uid)] : [])];
  const inPod = (p: string): boolean => folders.some((f) => p === f || p.startsWith(`${f}/`));
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cwd = readlinkSync(`/proc/${d}/cwd`);
      const cmdline = readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (inPod(cwd) || folders.some((f) => cmdline.includes(f))) out.push(Number(d));
    } catch {
      /* gone, or not ours */
    }
  }
  return out;
}

/** A Dex ID token for TOKEN in a copied curl command. */
export function tokenFor(email: string): string {
  return execFileSync(process.execPath, [cli, 'token', email], { encoding: 'utf8' }).trim().split('\n').at(-1) ?? '';
}

declare global {
  interface Window {
    __recordSse?: (line: string) => void;
  }
}

/**
 * Records every response the page receives (headers and, when readable, bodies) and every SSE event
 * delivered to an EventSource (wrapped by an init script, since a stream's body never "finishes").
 */
export class ResponseRecorder {
  readonly scan = new TokenScanner();
  private pending: Promise<void>[] = [];
  private sseCount = 0;

  async attach(page: Page): Promise<void> {
    await page.exposeFunction('__recordSse', (line: string) => {
      this.scan.add('sse', line);
      this.sseCount += 1;
    });
    await page.addInitScript(() => {
      const Native = window.EventSource;
      if (!Native) return;
      class Recording extends Native {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          const keep = (e: Event) => {
            const data = (e as MessageEvent).data;
            window.__recordSse?.(`${String(url)} ${e.type}: ${typeof data === 'string' ? data : ''}`);
          };
          for (const t of ['change', 'error', 'message', 'bookmark', 'status']) this.addEventListener(t, keep);
        }
      }
      window.EventSource = Recording as typeof EventSource;
    });
    page.on('response', (r) => {
      const where = `${r.request().method()} ${r.url()} ${r.status()}`;
      const headers = r.headers();
      const isStream = (headers['content-type'] ?? '').includes('text/event-stream');
      const body = isStream
        ? Promise.resolve('')
        : Promise.race([r.text().catch(() => ''), new Promise<string>((res) => setTimeout(() => res(''), 10_000))]);
      this.pending.push(
        body.then((b) => {
          this.scan.addResponse(where, Object.entries(headers), b);
        }),
      );
    });
  }

  get sseEvents(): number {
    return this.sseCount;
  }

  async settle(): Promise<void> {
    await Promise.all(this.pending);
  }
}
