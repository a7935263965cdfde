import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tinyCorpus, trainNgram, writeTinyModel } from '../../src/llmisvc/tiny-model';

describe('the tiny LLM (a character n-gram table)', () => {
  it('counts the next character after every context of up to order-1 characters', () => {
    const t = trainNgram('abab', 3);
    expect(t.counts['']).toEqual({ a: 2, b: 2 });
    expect(t.counts.a).toEqual({ b: 2 });
    expect(t.counts.ab).toEqual({ a: 1 });
    expect(t.counts.ba).toEqual({ b: 1 });
  });

  it('is written into the models volume at llm/tiny-ngram', async () => {
    const vol = mkdtempSync(join(tmpdir(), 'tiny-'));
    const dir = await writeTinyModel(vol);
    expect(dir).toBe(join(vol, 'llm', 'tiny-ngram'));
    const table = JSON.parse(readFileSync(join(dir, 'ngram.json'), 'utf8')) as { order: number; counts: object };
    expect(table.order).toBe(4);
    expect(Object.keys(table.counts).length).toBeGreaterThan(100);
    expect(tinyCorpus).toContain('KServe');
  });
});
