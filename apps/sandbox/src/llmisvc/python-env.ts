import { readFileSync } from 'node:fs';
import { buildVenv, type PythonEnv, requirementsFile, venvLocation } from '../runtimes/python-envs';

/** The venv of KServe's OpenAI server (kserve 0.14.1), which plays vLLM (python/vllm_openai_server.py). */
export const llmEnvName = 'kserve-openai';
export type LlmEnv = PythonEnv<typeof llmEnvName>;

/** Where the venv for the current requirements-kserve-openai.txt lives (reads only that file). */
export function llmEnvLocation(cacheDir: string): LlmEnv {
  const file = requirementsFile(llmEnvName);
  return { name: llmEnvName, requirementsFile: file, ...venvLocation(cacheDir, llmEnvName, readFileSync(file)) };
}

/** Built on first use into `$SERVEDECK_CACHE/venv/kserve-openai-<hash>/` (the runtimes' buildVenv), reused after. */
export function ensureLlmEnv(opts: { cacheDir: string; log: (msg: string) => void; python?: string }) {
  return buildVenv({
    name: llmEnvName,
    cacheDir: opts.cacheDir,
    basePython: opts.python ?? process.env.SERVEDECK_PYTHON ?? 'python3',
    log: opts.log,
  });
}
