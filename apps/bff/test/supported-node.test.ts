import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = resolve(fileURLToPath(import.meta.url), '../../../..');
const read = (p: string): string => readFileSync(resolve(repo, p), 'utf8');

/** Node lines with upstream support in December 2026 (20 ended in April 2026). */
const SUPPORTED_LTS = [22, 24];

describe('a supported Node', () => {
  it('the image runs (and builds) on a supported LTS', () => {
    const bases = [...read('Dockerfile').matchAll(/^FROM node:(\d+)-/gm)].map((m) => Number(m[1]));
    expect(bases.length).toBeGreaterThan(0);
    for (const major of bases) expect(SUPPORTED_LTS).toContain(major);
  });

  it('engines admits that LTS and Node 20.19 (development here), and the bundle targets the lowest of them', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const lines = engines.split('||').map((r) => r.trim());
    const majorOf = (r: string): number => Number(/(\d+)/.exec(r)?.[1]);
    expect(lines.map(majorOf)).toEqual(expect.arrayContaining([20, ...SUPPORTED_LTS]));
    const build = (JSON.parse(read('apps/bff/package.json')) as { scripts: { build: string } }).scripts.build;
    expect(build).toContain(`--target=node${Math.min(...lines.map(majorOf))}`);
  });
});
