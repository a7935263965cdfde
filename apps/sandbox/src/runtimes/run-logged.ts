import { spawn } from 'node:child_process';

export type RunResult = { code: number; tail: string[] };

/**
 * Run a process to completion, passing each line of its stdout and stderr to `log` (with a prefix),
 * and keep the last lines for error messages. Never rejects: a spawn failure is exit code 127.
 */
export function runLogged(
  command: string,
  args: string[],
  opts: { log: (msg: string) => void; prefix: string; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<RunResult> {
  return new Promise((resolve) => {
    const tail: string[] = [];
    const keep = (line: string) => {
      tail.push(line);
      if (tail.length > 30) tail.shift();
    };
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
    });
    const pump = (stream: NodeJS.ReadableStream) => {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buf += chunk;
        const lines = buf.split(/\r?\n|\r/);
        buf = lines.pop() ?? '';
        for (const line of lines) {
          if (line.trim() === '') continue;
          keep(line);
          opts.log(`${opts.prefix}${line}`);
        }
      });
      stream.on('end', () => {
        if (buf.trim() !== '') {
          keep(buf);
          opts.log(`${opts.prefix}${buf}`);
        }
      });
    };
    if (child.stdout) pump(child.stdout);
    if (child.stderr) pump(child.stderr);
    child.on('error', (err) => {
      keep(err.message);
      resolve({ code: 127, tail });
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), tail }));
  });
}
