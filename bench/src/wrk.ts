/** Runs wrk (Debian) with a Lua script that sends a fixed request and prints one JSON summary line. */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LoadResult, parseWrkOutput } from './stats';

const LUA = `
local body_file = os.getenv("BENCH_BODY_FILE")
wrk.method = os.getenv("BENCH_METHOD") or "POST"
wrk.path = os.getenv("BENCH_PATH") or "/"
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
end
local headers_file = os.getenv("BENCH_HEADERS_FILE")
if headers_file and headers_file ~= "" then
  for line in io.lines(headers_file) do
    local k, v = line:match("^([^:]+):%s*(.*)$")
    if k then wrk.headers[k] = v end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"p50_us":%d,"p99_us":%d,"max_us":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`;

export type LoadSpec = {
  /** Origin, e.g. http://127.0.0.1:8080 */
  origin: string;
  path: string;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  bodyFile?: string;
  connections: number;
  durationS: number;
};

export function writeLuaScript(dir: string): string {
  const file = join(dir, 'bench.lua');
  writeFileSync(file, LUA);
  return file;
}

let seq = 0;

export async function runWrk(dir: string, spec: LoadSpec): Promise<LoadResult> {
  const script = join(dir, 'bench.lua');
  const headersFile = join(dir, `headers-${++seq}.txt`);
  writeFileSync(
    headersFile,
    Object.entries(spec.headers)
      .map(([k, v]) => `${k}: ${v}\n`)
      .join(''),
  );
  const threads = Math.min(2, spec.connections);
  const args = [
    `-t${threads}`,
    `-c${spec.connections}`,
    `-d${spec.durationS}s`,
    '--timeout',
    '60s',
    '-s',
    script,
    `${spec.origin}/`,
  ];
  const env = {
    ...process.env,
    BENCH_METHOD: spec.method ?? 'POST',
    BENCH_PATH: spec.path,
    BENCH_BODY_FILE: spec.bodyFile ?? '',
    BENCH_HEADERS_FILE: headersFile,
  };
  const stdout = await new Promise<string>((done, fail) => {
    execFile(
      'wrk',
      args,
      { env, maxBuffer: 4 * 1024 * 1024, timeout: (spec.durationS + 90) * 1000 },
      (err, out, errOut) => {
        if (err) fail(new Error(`wrk failed: ${err.message} ${errOut}`));
        else done(out);
      },
    );
  });
  const r = parseWrkOutput(stdout);
  if (!r.ok) throw new Error(`wrk: ${r.error.reason}: ${r.error.message}`);
  return r.value;
}
