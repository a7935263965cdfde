/** Lighthouse 12.2.3 (Node 20) on Debian's Chromium through chrome-launcher, with the session cookie. */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM, CHROMIUM_FLAGS } from './browser';

export type LighthouseRun = {
  page: string;
  formFactor: 'mobile' | 'desktop';
  score: number | undefined;
  metrics: Record<string, number | undefined>;
  /** The audits costing most (title and estimated savings). */
  opportunities: string[];
  /** What moved (bench/src/browser.ts pageLayoutShifts: Lighthouse 12.2's own audit fails on Debian's Chromium). */
  shifts?: string[];
  error?: string;
};

const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
] as const;

type Audit = {
  title?: string;
  score?: number | null;
  numericValue?: number;
  details?: { overallSavingsMs?: number };
};

export async function runLighthouse(
  url: string,
  page: string,
  cookie: string,
  formFactor: 'mobile' | 'desktop',
): Promise<LighthouseRun> {
  process.env.CHROME_PATH = CHROMIUM;
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', ...CHROMIUM_FLAGS],
  });
  try {
    const result = await lighthouse(
      url,
      { port: chrome.port, onlyCategories: ['performance'], extraHeaders: { Cookie: cookie }, logLevel: 'error' },
      formFactor === 'desktop' ? desktopConfig : undefined,
    );
    const lhr = result?.lhr;
    if (!lhr) return { page, formFactor, score: undefined, metrics: {}, opportunities: [], error: 'no result' };
    const audits = lhr.audits as Record<string, Audit>;
    const metrics: Record<string, number | undefined> = {};
    for (const m of METRICS) metrics[m] = audits[m]?.numericValue;
    const opportunities = Object.values(audits)
      .filter((a) => (a.details?.overallSavingsMs ?? 0) >= 100 && (a.score ?? 1) < 0.9)
      .sort((a, b) => (b.details?.overallSavingsMs ?? 0) - (a.details?.overallSavingsMs ?? 0))
      .slice(0, 3)
      .map((a) => `${a.title ?? '?'} (~${Math.round(a.details?.overallSavingsMs ?? 0)} ms)`);
    const score = lhr.categories.performance?.score;
    return {
      page,
      formFactor,
      score: typeof score === 'number' ? Math.round(score * 100) : undefined,
      metrics,
      opportunities,
      ...(lhr.runtimeError ? { error: lhr.runtimeError.message } : {}),
    };
  } catch (err) {
    return {
      page,
      formFactor,
      score: undefined,
      metrics: {},
      opportunities: [],
      error: err instanceof Error ? err.message : String(err),
    };
  } finally {
    await chrome.kill();
  }
}
