/**
 * KServe's InferenceGraph router (`cmd/router` of github.com/kserve/kserve) for the sandbox kubelet. The router
 * listens on `:8080` (constants.RouterPort) on every interface; in the sandbox every pod shares 127.0.0.1, so two
 * graphs (or a graph and the BFF) would fight over the port. The sandbox builds the router from KServe's own
 * source with one change, made here mechanically: the listen address comes from `SANDBOX_ROUTER_ADDR` (the
 * kubelet gives it `127.0.0.1:<host port of container port 8080>`), KServe's `:8080` when unset. Nothing else
 * in the router changes: graph handling, step calls, header propagation and timeouts are KServe's.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SandboxError } from '../errors';

/** The environment variable the patched router reads its listen address from. */
export const ROUTER_ADDR_ENV = 'SANDBOX_ROUTER_ADDR';

const LISTEN = /Addr:(\s+)":" \+ strconv\.Itoa\(constants\.RouterPort\),/;

/** main.go with the listen address taken from SANDBOX_ROUTER_ADDR. Throws when KServe's line is not there. */
export function patchRouterMain(src: string): string {
  if (!LISTEN.test(src)) {
    throw new SandboxError(
      'KServe\'s router main.go has no `Addr: ":" + strconv.Itoa(constants.RouterPort)` line to patch',
    );
  }
  const patched = src.replace(LISTEN, 'Addr:$1sandboxListenAddr(),');
  return `${patched}
// sandboxListenAddr: ServeDeck's sandbox runs every pod on 127.0.0.1 (apps/sandbox/src/router/router-source.ts).
func sandboxListenAddr() string {
	if addr, ok := os.LookupEnv("${ROUTER_ADDR_ENV}"); ok && addr != "" {
		return addr
	}
	return ":" + strconv.Itoa(constants.RouterPort)
}
`;
}

const modDownload = z.object({ Dir: z.string() });

/**
 * Writes the router package (`<work>/router`: KServe's main.go patched, router_error.go as is) into a wrapper
 * module that already requires github.com/kserve/kserve at `version` (its `go get -tool` did).
 */
export function writeRouterPackage(work: string, version: string): void {
  const r = spawnSync('go', ['mod', 'download', '-json', `github.com/kserve/kserve@${version}`], {
    cwd: work,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new SandboxError(`go mod download github.com/kserve/kserve@${version} failed:\n${r.stderr}`);
  const src = join(modDownload.parse(JSON.parse(r.stdout)).Dir, 'cmd', 'router');
  const dest = join(work, 'router');
  mkdirSync(dest, { recursive: true });
  writeFileSync(join(dest, 'main.go'), patchRouterMain(readFileSync(join(src, 'main.go'), 'utf8')));
  copyFileSync(join(src, 'router_error.go'), join(dest, 'router_error.go'));
}
