/** How the figures are measured (printed at the end of the report). */
export const METHOD: string[] = [
  'Run: `npm run bench` (full, about 20 minutes; writes this file) or `npm run bench -- --quick` (smoke: 200 objects, 2 s runs (the ceiling 1 s), about 7 minutes for every phase but load on a loaded 2-core machine; writes bench/.out/quick.md). ' +
    'Options: `--only=proxy,web,list`, `--keep-tmp` (keep logs and configs), `--out=FILE`, `--render=bench/.out/results-full.json` (render again from the saved results, no measurement), `--check` (print whether every measurement produced numbers; the package’s test:integration, `npm test`: `--quick --check` with every phase but load). ' +
    'It brings the sandbox up when needed, installs nginx and wrk with apt-get when missing, and stops everything it started (nginx, BFFs, browsers; the bench InferenceServices are deleted).',
  'Load generator: wrk 4.1 (Debian) with a Lua script (bench/src/wrk.ts), in its own process, 1 thread for 1 connection and 2 threads otherwise. ' +
    'Chosen over autocannon because on 2 cores the generator competes with the proxies for CPU: wrk (C, epoll) needs a fraction of the CPU that a Node load generator needs for the same rate, so it distorts the ratios less. ' +
    'Closed loop (each connection sends its next request when the answer arrived); latency percentiles are wrk’s.',
  'Every path is measured in the same run, interleaved per payload and concurrency, so each figure has its reference seconds away.',
  'Direct = the model server’s pod port (found from the process the sandbox kubelet started, `--http_port`). Gateway = the sandbox ingress gateway with the InferenceService host and a Dex ID token. ' +
    'nginx = Debian nginx started by the bench on 127.0.0.1 with a generated config: keepalive upstream, no access log, proxy_request_buffering and proxy_buffering off (it streams, like ServeDeck).',
  'ServeDeck = the BFF started by the bench with the sandbox environment (`sandbox env --json`), logged in through POST /auth/password as user@example.com, requests carry the session cookie and CSRF token. Its log level is the default (info), written to a file.',
  'The instant upstream is an nginx `return 200` server block. ServeDeck reaches it through its cluster-local route by setting SERVEDECK_CLUSTER_LOCAL_URL to it (the route keeps the Host of status.address.url): no fake InferenceService status is needed for the proxy part.',
  'Payloads: the seed’s iris V2 sample; generated V2 requests of 1 MB and 10 MB, as JSON (flat FP32 data) and with the binary tensor extension (Inference-Header-Content-Length).',
  'List scale: namespaces servedeck-bench-scale-NN (kept between runs, with a RoleBinding of the sandbox owner role for user@example.com); the InferenceServices are created and their status written through the status subresource as admin, and deleted at the end. ' +
    'The bench BFF gets SERVEDECK_NAMESPACES = those namespaces (users cannot list namespaces in the sandbox).',
  'Write → client latency: a label patch (as admin) on a different object every 100 ms; each SSE subscriber (separate connection, same session) timestamps the first MODIFIED event carrying that label value; latency = arrival − start of the PATCH, same clock.',
  'Memory: VmRSS/VmHWM from /proc/PID/status of the BFF process.',
  'Browser: Debian Chromium headless via playwright-core, flags --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run; the session cookie is set on the context. ' +
    'Lighthouse 12.2.3 via chrome-launcher (CHROME_PATH=/usr/bin/chromium), the cookie passed as extraHeaders.',
];
