/**
 * The sandbox's tiny "LLM": a character n-gram table trained at `up` from a text in this file (nothing is
 * downloaded), written into the models volume at `llm/tiny-ngram/` so an LLMInferenceService can name it as
 * `pvc://kserve-models/llm/tiny-ngram`. python/vllm_openai_server.py reads `ngram.json`. It is played: it
 * continues text one character at a time from counts, nothing more.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export const tinyModelPath = 'llm/tiny-ngram';
export const tinyModelUri = `pvc://kserve-models/${tinyModelPath}`;
export const tinyModelOrder = 4;

export const tinyCorpus = [
  'KServe serves machine learning models on Kubernetes.',
  'An InferenceService names a model, a runtime and a storage URI; KServe makes the pods and the route.',
  'An LLMInferenceService names a large language model; KServe makes a Deployment, a Service and an HTTPRoute.',
  'The gateway sends each request to a ready pod. The model answers with text, one token at a time.',
  'ServeDeck is a web console for KServe: deploy, test and watch models from the browser.',
  'This sandbox plays a tiny model: it has read only these lines, so it repeats them, letter by letter.',
  'Hello! I am a tiny model in the ServeDeck sandbox. I know a little about KServe and Kubernetes.',
].join(' ');

export type NgramTable = { order: number; counts: Record<string, Record<string, number>> };

/** Next-character counts for every context of 0..order-1 characters (pure). */
export function trainNgram(text: string, order = tinyModelOrder): NgramTable {
  const counts: Record<string, Record<string, number>> = {};
  for (let i = 0; i < text.length; i++) {
    const next = text[i] ?? '';
    for (let n = 0; n < order && n <= i; n++) {
      const ctx = text.slice(i - n, i);
      const row = counts[ctx] ?? {};
      row[next] = (row[next] ?? 0) + 1;
      counts[ctx] = row;
    }
  }
  return { order, counts };
}

/** Writes `ngram.json` and `config.json` into `<volumeDir>/llm/tiny-ngram/` (replacing what was there). */
export async function writeTinyModel(volumeDir: string): Promise<string> {
  const dir = join(volumeDir, ...tinyModelPath.split('/'));
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const table = trainNgram(tinyCorpus);
  await writeFile(join(tmp, 'ngram.json'), JSON.stringify(table));
  await writeFile(
    join(tmp, 'config.json'),
    JSON.stringify({
      model_type: 'servedeck-char-ngram',
      order: table.order,
      contexts: Object.keys(table.counts).length,
    }),
  );
  await mkdir(dirname(dir), { recursive: true });
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return dir;
}
