/**
 * Hostile strings for the rendering spec, and the ways to get them into what ServeDeck displays from
 * outside the browser: Events written as the sandbox admin, log lines written by the model server itself.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { kubectl } from './journey-cluster';

/** Each would run script if it were parsed as HTML; `alert` ones would also open a dialog. */
export const PAYLOAD = {
  img: '<img src=x onerror=window.__pwned=1>',
  script: '<script>window.__pwned=1</script>',
  svg: '"><svg onload=window.__pwned=1>',
  alert: '<img src=y onerror=alert(document.domain)>',
  iframe: '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
} as const;

declare global {
  interface Window {
    __pwned?: unknown;
    __cspViolations?: string[];
  }
}

/**
 * Record dialogs and CSP violations from the first script on: a payload the CSP merely blocked (an inline
 * handler that was put into the DOM) still counts as a failure of rendering.
 */
export async function watchForExecution(page: Page): Promise<{ dialogs: string[] }> {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      // Every refusal counts (the app itself never evals: zod runs jitless, see apps/web/public/zod-config.js).
      window.__cspViolations?.push(
        `${e.effectiveDirective} ${e.blockedURI} ${e.sample} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  return { dialogs };
}

/** Nothing from any payload became an element, nothing ran, nothing was even tried. */
export async function expectInert(page: Page, dialogs: string[]): Promise<void> {
  const found = await page.evaluate(() => ({
    imgs: Array.from(document.querySelectorAll('img'))
      .map((i) => i.getAttribute('src'))
      .filter((s) => s === 'x' || s === 'y'),
    handlers: Array.from(document.querySelectorAll('[onerror],[onload],[srcdoc]')).map((e) =>
      e.outerHTML.slice(0, 120),
    ),
    svgs: Array.from(document.querySelectorAll('svg')).filter((s) => s.hasAttribute('onload')).length,
    iframes: document.querySelectorAll('iframe').length,
    scripts: Array.from(document.scripts).filter((s) => (s.textContent ?? '').includes('__pwned')).length,
    pwned: window.__pwned,
    violations: window.__cspViolations ?? ['(the recorder was not installed)'],
  }));
  expect(found).toEqual({
    imgs: [],
    handlers: [],
    svgs: 0,
    iframes: 0,
    scripts: 0,
    pwned: undefined,
    violations: [],
  });
  expect(dialogs).toEqual([]);
}

/** The same instant in the two forms an Event takes (`MicroTime` needs the microseconds). */
function now(): { time: string; micro: string } {
  const iso = new Date().toISOString();
  return { time: iso.replace(/\.\d+Z$/, 'Z'), micro: iso.replace(/Z$/, '000Z') };
}

/** Create a core/v1 Event about an object, as the sandbox admin (users cannot write events). */
export function createEvent(
  ns: string,
  involved: { kind: 'InferenceService' | 'Pod'; name: string; apiVersion: string },
  e: { reason: string; message: string; type: 'Normal' | 'Warning' },
): void {
  const t = now();
  const event = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 1e6)}`, namespace: ns },
    involvedObject: { ...involved, namespace: ns },
    reason: e.reason,
    message: e.message,
    type: e.type,
    count: 1,
    firstTimestamp: t.time,
    lastTimestamp: t.time,
    source: { component: 'e2e-render-spec' },
    reportingComponent: 'e2e-render-spec',
  };
  const dir = mkdtempSync(join(tmpdir(), 'e2e-event-'));
  try {
    const file = join(dir, 'event.json');
    writeFileSync(file, JSON.stringify(event));
    kubectl(['create', '-f', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One request straight to a model server through the sandbox gateway's cluster-local route (no token,
 * as inside a cluster): the KServe server logs the path, so the path is how a payload reaches the log.
 * Returns the status (404 for a model name that is not there).
 */
export function requestModelServer(
  gatewayUrl: string,
  ns: string,
  isvc: string,
  method: 'GET' | 'POST',
  path: string,
): Promise<number> {
  const url = new URL(gatewayUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { host: `${isvc}-predictor.${ns}.svc.cluster.local`, 'content-type': 'application/json' },
        timeout: 30_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`model server request ${path} timed out`)));
    req.on('error', reject);
    req.end(method === 'POST' ? '{"instances":[[1,2,3,4]]}' : undefined);
  });
}
