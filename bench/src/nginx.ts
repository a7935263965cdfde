/** nginx as the reference production proxy hop (and as the instant "trivial" upstream). */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Child, startChild, waitFor } from './procs';

export type NginxPorts = {
  /** nginx → model server (keepalive upstream). */
  proxyModel: number;
  /** nginx → trivial upstream. */
  proxyTrivial: number;
  /** The trivial upstream itself: `return 200` with a small JSON body. */
  trivial: number;
};

export type NginxConfigInput = {
  prefix: string;
  ports: NginxPorts;
  modelPort: number | undefined;
  /** worker_processes (default `auto`: one per core). */
  workers?: number;
  /** false: no instant server of its own; `ports.trivial` is another nginx's (a proxy-only instance). */
  serveTrivial?: boolean;
};

/** The trivial upstream's answer (what every request to it gets). */
export const TRIVIAL_BODY = '{"model_name":"trivial","outputs":[]}';

/**
 * A plain reverse proxy: HTTP/1.1 keepalive upstreams, no access log, and request/response streaming
 * (proxy_request_buffering/proxy_buffering off) like ServeDeck's proxy, so neither side spools bodies.
 */
export function nginxConfig(input: NginxConfigInput): string {
  const { prefix, ports } = input;
  const proxied = (port: number, upstream: string): string[] => [
    '  server {',
    `    listen 127.0.0.1:${port};`,
    '    location / {',
    `      proxy_pass http://${upstream};`,
    '    }',
    '  }',
  ];
  return [
    `worker_processes ${input.workers ?? 'auto'};`,
    'daemon off;',
    `pid ${join(prefix, 'nginx.pid')};`,
    `error_log ${join(prefix, 'error.log')} warn;`,
    'events { worker_connections 4096; }',
    'http {',
    '  access_log off;',
    '  default_type application/json;',
    `  client_body_temp_path ${join(prefix, 'body')};`,
    `  proxy_temp_path ${join(prefix, 'proxy')};`,
    `  fastcgi_temp_path ${join(prefix, 'fastcgi')};`,
    `  uwsgi_temp_path ${join(prefix, 'uwsgi')};`,
    `  scgi_temp_path ${join(prefix, 'scgi')};`,
    '  client_max_body_size 64m;',
    '  keepalive_requests 1000000;',
    '  keepalive_timeout 65s;',
    '  proxy_http_version 1.1;',
    '  proxy_set_header Connection "";',
    '  proxy_request_buffering off;',
    '  proxy_buffering off;',
    '  proxy_read_timeout 120s;',
    '  proxy_send_timeout 120s;',
    ...(input.modelPort !== undefined
      ? ['  upstream model {', `    server 127.0.0.1:${input.modelPort};`, '    keepalive 128;', '  }']
      : []),
    '  upstream trivial {',
    `    server 127.0.0.1:${ports.trivial};`,
    '    keepalive 128;',
    '  }',
    ...(input.modelPort !== undefined ? proxied(ports.proxyModel, 'model') : []),
    ...proxied(ports.proxyTrivial, 'trivial'),
    // The instant upstream reads the whole request body before it answers, as a model server does
    // (a bare `return 200` answers first and discards the body afterwards): mirror_request_body reads
    // it, empty_gif refuses the POST with 405, which error_page turns into the 200 answer.
    ...(input.serveTrivial === false ? [] : instantServer(ports.trivial)),
    '}',
    '',
  ].join('\n');
}

function instantServer(port: number): string[] {
  return [
    '  server {',
    `    listen 127.0.0.1:${port};`,
    '    client_body_buffer_size 16m;',
    '    location / {',
    '      mirror /drain;',
    '      mirror_request_body on;',
    '      empty_gif;',
    '      error_page 405 =200 @answer;',
    '    }',
    '    location = /drain { internal; return 204; }',
    `    location @answer { return 200 '${TRIVIAL_BODY}'; }`,
    '  }',
  ];
}

export function nginxBinary(): string | undefined {
  for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(p)) return p;
  return undefined;
}

/** Install Debian's nginx (and wrk) when missing: the bench needs both. */
export function ensureDebianPackages(log: (s: string) => void): void {
  const missing = [nginxBinary() ? undefined : 'nginx', existsSync('/usr/bin/wrk') ? undefined : 'wrk'].filter(
    (x): x is string => x !== undefined,
  );
  if (missing.length === 0) return;
  log(`installing ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  if (r.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed (exit ${r.status})`);
}

export type RunningNginx = { child: Child; ports: NginxPorts; workerPids(): number[] };

export async function startNginx(
  dir: string,
  ports: NginxPorts,
  modelPort: number | undefined,
  o: { workers?: number; name?: string; serveTrivial?: boolean } = {},
): Promise<RunningNginx> {
  const bin = nginxBinary();
  if (!bin) throw new Error('nginx is not installed');
  const prefix = join(dir, o.name ?? 'nginx');
  mkdirSync(prefix, { recursive: true });
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    nginxConfig({
      prefix,
      ports,
      modelPort,
      ...(o.workers ? { workers: o.workers } : {}),
      ...(o.serveTrivial === false ? { serveTrivial: false } : {}),
    }),
  );
  execFileSync(bin, ['-t', '-q', '-p', prefix, '-e', join(prefix, 'error.log'), '-c', conf], { stdio: 'pipe' });
  const child = startChild('nginx', bin, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', conf], {
    log: join(prefix, 'stdout.log'),
  });
  await waitFor(
    'nginx',
    async () => (await fetch(`http://127.0.0.1:${ports.proxyTrivial}/`, { signal: AbortSignal.timeout(1000) })).ok,
    10_000,
  );
  const workerPids = (): number[] => {
    try {
      const out = execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' });
      return out
        .split('\n')
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isInteger(n) && n > 0);
    } catch {
      return [];
    }
  };
  return { child, ports, workerPids };
}
