import { existsSync, readFileSync } from 'node:fs';

/** A failure the CLI prints as is (no stack): what went wrong and what to look at. */
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

export function lastLines(file: string, n = 20): string {
  if (!existsSync(file)) return '(no log)';
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return lines.slice(-n).join('\n');
}
