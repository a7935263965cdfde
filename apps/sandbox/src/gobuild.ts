import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { lastLines, SandboxError } from './errors';
import { withLock } from './lock';
import { formatSeconds } from './progress';
import { writeRouterPackage } from './router/router-source';
import { fakeGcsServerModule, storageVersions } from './storage/versions';
import { versions } from './versions';

/** One wrapper Go module (work dir) that builds one or more binaries with identical flags. */
export type GoModuleRecipe = {
  /** work dir name: `$SERVEDECK_CACHE/gobuild/<id>/` */
  id: string;
  modulePath: string;
  /** `go get -tool` arguments (package@version). */
  tools: string[];
  /** Extra go.mod lines (replace block), computed before `go get`. */
  goModExtra?: () => Promise<string>;
  binaries: { name: string; version: string; pkg: string }[];
  ldflags: string;
  /** Writes local packages into the wrapper module (work dir) before its binaries are built. */
  prepare?: (work: string) => void;
};

const k = versions.kubernetes;
const kubeMinor = k.split('.')[1] ?? '';
/** Exactly the flags of the prepared warm build, so Go's build cache is hit. */
const kubeLdflags = `-s -w -X k8s.io/component-base/version.gitVersion=${k} -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${kubeMinor}`;

export const recipes: GoModuleRecipe[] = [
  {
    id: `kube-${k}`,
    modulePath: 'servedeck.local/kube-build',
    tools: [
      `k8s.io/kubernetes/cmd/kube-apiserver@${k}`,
      `k8s.io/kubernetes/cmd/kubectl@${k}`,
      `k8s.io/kubernetes/cmd/kube-controller-manager@${k}`,
      `k8s.io/kubernetes/cmd/kube-scheduler@${k}`,
    ],
    goModExtra: () => kubeReplaceBlock(k),
    binaries: [
      { name: 'kube-apiserver', version: k, pkg: 'k8s.io/kubernetes/cmd/kube-apiserver' },
      { name: 'kubectl', version: k, pkg: 'k8s.io/kubernetes/cmd/kubectl' },
      { name: 'kube-controller-manager', version: k, pkg: 'k8s.io/kubernetes/cmd/kube-controller-manager' },
      { name: 'kube-scheduler', version: k, pkg: 'k8s.io/kubernetes/cmd/kube-scheduler' },
    ],
    ldflags: kubeLdflags,
  },
  {
    // Apart from the Kubernetes build: KServe pins k8s.io v0.34 and controller-runtime v0.22.
    id: `kserve-${versions.kserve}`,
    modulePath: 'servedeck.local/kserve-build',
    tools: [
      `github.com/kserve/kserve/cmd/manager@${versions.kserve}`,
      `github.com/kserve/kserve/cmd/router@${versions.kserve}`,
    ],
    goModExtra: () => kserveReplaceBlock(versions.kserve),
    binaries: [
      { name: 'kserve-manager', version: versions.kserve, pkg: 'github.com/kserve/kserve/cmd/manager' },
      { name: 'kserve-router', version: versions.kserve, pkg: 'github.com/kserve/kserve/cmd/router' },
    ],
    ldflags: '-s -w',
  },
  {
    // KServe's LLMInferenceService controller (cmd/llmisvc): a wrapper module of its own, so the manager's cached
    // binaries need no rebuild; it shares the Go build cache with the manager's recipe (same k8s.io pins).
    id: `kserve-llmisvc-${versions.kserve}`,
    modulePath: 'servedeck.local/kserve-llmisvc-build',
    tools: [`github.com/kserve/kserve/cmd/llmisvc@${versions.kserve}`],
    goModExtra: () => kserveReplaceBlock(versions.kserve),
    binaries: [{ name: 'kserve-llmisvc', version: versions.kserve, pkg: 'github.com/kserve/kserve/cmd/llmisvc' }],
    ldflags: '-s -w',
  },
  {
    // KServe's InferenceGraph router with its listen address from SANDBOX_ROUTER_ADDR (src/router/router-source.ts)
    id: `kserve-router-sandbox-${versions.kserve}`,
    modulePath: 'servedeck.local/kserve-router-build',
    tools: [`github.com/kserve/kserve/cmd/router@${versions.kserve}`],
    goModExtra: () => kserveReplaceBlock(versions.kserve),
    prepare: (work) => writeRouterPackage(work, versions.kserve),
    binaries: [
      { name: 'kserve-router-sandbox', version: versions.kserve, pkg: 'servedeck.local/kserve-router-build/router' },
    ],
    ldflags: '-s -w',
  },
  {
    id: `etcd-${versions.etcd}`,
    modulePath: 'servedeck.local/etcd-build',
    tools: [`go.etcd.io/etcd/server/v3@${versions.etcd}`],
    binaries: [{ name: 'etcd', version: versions.etcd, pkg: 'go.etcd.io/etcd/server/v3' }],
    ldflags: '-s -w',
  },
  {
    id: `dex-${versions.dex}`,
    modulePath: 'servedeck.local/dex-build',
    tools: [`github.com/dexidp/dex/cmd/dex@${versions.dexModule}`],
    binaries: [{ name: 'dex', version: versions.dex, pkg: 'github.com/dexidp/dex/cmd/dex' }],
    ldflags: `-s -w -X main.version=${versions.dex}`,
  },
  {
    // The sandbox's GCS emulator for gs:// model URIs (src/storage).
    id: `fake-gcs-server-${storageVersions.fakeGcsServer}`,
    modulePath: 'servedeck.local/fake-gcs-build',
    tools: [`${fakeGcsServerModule}@${storageVersions.fakeGcsServer}`],
    binaries: [{ name: 'fake-gcs-server', version: storageVersions.fakeGcsServer, pkg: fakeGcsServerModule }],
    ldflags: '-s -w',
  },
];

export type BinaryName =
  | 'kube-apiserver'
  | 'kubectl'
  | 'kube-controller-manager'
  | 'kube-scheduler'
  | 'etcd'
  | 'dex'
  | 'kserve-manager'
  | 'kserve-router'
  | 'kserve-router-sandbox'
  | 'kserve-llmisvc'
  | 'fake-gcs-server';

export function binaryPath(cache: string, name: BinaryName): string {
  for (const r of recipes) {
    const b = r.binaries.find((x) => x.name === name);
    if (b) return join(cache, 'bin', `${b.name}-${b.version}`, b.name);
  }
  throw new Error(`no recipe for ${name}`);
}

/** Staging modules are required at v0.0.0 in k8s.io/kubernetes's go.mod: replace each with v0.MINOR.PATCH. */
export function replaceBlockFromGoMod(kubernetesGoMod: string, kubeVersion: string): string {
  const stagingVersion = kubeVersion.replace(/^v1\./, 'v0.');
  const mods = [...kubernetesGoMod.matchAll(/^\s+(k8s\.io\/[a-z0-9-]+) v0\.0\.0$/gm)].map((m) => m[1] ?? '');
  const unique = [...new Set(mods)].filter(Boolean).sort();
  return `replace (\n${unique.map((m) => `\t${m} => ${m} ${stagingVersion}`).join('\n')}\n)\n`;
}

/**
 * Every `replace` and `exclude` directive of a go.mod (single lines and blocks), comments dropped: a wrapper
 * module that requires the module must repeat them, since Go honours them only in the main module.
 */
export function replaceAndExcludeDirectives(goMod: string): string {
  const out: string[] = [];
  let inBlock: string | undefined;
  for (const raw of goMod.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inBlock) {
      if (line === ')') {
        out.push(')');
        inBlock = undefined;
      } else if (line) out.push(`\t${line}`);
      continue;
    }
    const m = /^(replace|exclude)\b\s*(.*)$/.exec(line);
    if (!m) continue;
    if (m[2] === '(') {
      inBlock = m[1];
      out.push(`${m[1]} (`);
    } else out.push(line);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

const modDownload = z.object({ GoMod: z.string() });

function downloadedGoMod(mod: string): string {
  const r = spawnSync('go', ['mod', 'download', '-json', mod], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new SandboxError(`go mod download ${mod} failed:\n${r.stderr}`);
  const { GoMod } = modDownload.parse(JSON.parse(r.stdout));
  return readFileSync(GoMod, 'utf8');
}

async function kubeReplaceBlock(version: string): Promise<string> {
  return replaceBlockFromGoMod(downloadedGoMod(`k8s.io/kubernetes@${version}`), version);
}

async function kserveReplaceBlock(version: string): Promise<string> {
  return replaceAndExcludeDirectives(downloadedGoMod(`github.com/kserve/kserve@${version}`));
}

export function requireTool(cmd: string, args: string[], hint: string): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new SandboxError(`${cmd} is required but not usable: ${hint}`);
  return `${r.stdout}${r.stderr}`.trim();
}

type Log = (msg: string) => void;

/** Runs a command with output to `logPath`, printing a heartbeat every 15 s; throws with the log path on failure. */
function runLogged(
  argv: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; logPath: string; what: string; log: Log },
) {
  return new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const out: Buffer[] = [];
    const [cmd, ...args] = argv;
    if (cmd === undefined) throw new Error('empty argv');
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => out.push(d));
    const beat = setInterval(
      () => opts.log(`${opts.what}: still running (${formatSeconds((Date.now() - started) / 1000)})`),
      15_000,
    );
    const done = (code: number | null, err?: Error) => {
      clearInterval(beat);
      writeFileSync(opts.logPath, `$ ${argv.join(' ')}\n${Buffer.concat(out).toString('utf8')}`);
      if (code === 0) return resolve();
      reject(
        new SandboxError(
          `${opts.what} failed (${err ? err.message : `exit ${code}`}); log: ${opts.logPath}\n${lastLines(opts.logPath)}`,
        ),
      );
    };
    child.on('error', (e) => done(null, e));
    child.on('exit', (code) => done(code));
  });
}

/** Peak RSS and wall time from GNU time -v output, when present. */
export function parseTimeV(text: string): { elapsed?: string; maxRssMb?: number } {
  const elapsed = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/.exec(text)?.[1];
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1];
  return {
    ...(elapsed ? { elapsed } : {}),
    ...(rss ? { maxRssMb: Math.round(Number(rss) / 1024) } : {}),
  };
}

/**
 * Builds every missing binary of `wanted` (default: all), sequentially (2 cores); they are then at
 * binaryPath(). A recipe's wrapper module is prepared once for all its binaries.
 */
export async function ensureBinaries(cache: string, log: Log, wanted?: readonly BinaryName[]): Promise<void> {
  const want = (name: string) => wanted === undefined || wanted.includes(name as BinaryName);
  const chosen = recipes.filter((r) => r.binaries.some((b) => want(b.name)));
  const isMissing = (b: { name: string }) => want(b.name) && !existsSync(binaryPath(cache, b.name as BinaryName));
  const missing = chosen.filter((r) => r.binaries.some(isMissing));
  if (missing.length === 0) {
    log(
      `cached: ${chosen.flatMap((r) => r.binaries.filter((b) => want(b.name)).map((b) => `${b.name} ${b.version}`)).join(', ')}`,
    );
    return;
  }
  const goVersion = requireTool('go', ['version'], 'install Go 1.26 (https://go.dev/dl) and put `go` on PATH');
  log(`using ${goVersion}`);
  const hasTime = existsSync('/usr/bin/time');
  for (const r of missing) {
    const work = join(cache, 'gobuild', r.id);
    mkdirSync(work, { recursive: true });
    // One build per wrapper module at a time across processes (several sandboxes or a test run coming up at
    // once): the others wait, then find the binaries built. Without it each compiled the same packages.
    await withLock(join(cache, 'gobuild', `${r.id}.lock`), () => buildRecipe(r, work), {
      timeoutMs: 120 * 60_000,
      onWait: (pid) => log(`${r.id}: process ${pid} is building it; waiting for it`),
    });
  }

  async function buildRecipe(r: GoModuleRecipe, work: string): Promise<void> {
    if (!r.binaries.some(isMissing)) {
      log(`${r.id}: built meanwhile by another process`);
      return;
    }
    const goModPath = join(work, 'go.mod');
    const goMod = existsSync(goModPath) ? readFileSync(goModPath, 'utf8') : '';
    const env = { ...process.env, CGO_ENABLED: '0' };
    if (!r.binaries.every((b) => goMod.includes(`\t${b.pkg}\n`) || goMod.includes(`tool ${b.pkg}\n`))) {
      log(`${r.id}: preparing wrapper module in ${work}`);
      const extra = r.goModExtra ? await r.goModExtra() : '';
      writeFileSync(goModPath, `module ${r.modulePath}\n\ngo 1.26\n\n${extra}`);
      await runLogged(['go', 'get', '-tool', ...r.tools], {
        cwd: work,
        env,
        logPath: join(work, 'go-get.log'),
        what: `go get -tool ${r.tools.join(' ')}`,
        log,
      });
    }
    r.prepare?.(work);
    for (const b of r.binaries) {
      if (!isMissing(b)) continue;
      const dest = binaryPath(cache, b.name as BinaryName);
      mkdirSync(join(dest, '..'), { recursive: true });
      const tmp = `${dest}.tmp-${process.pid}`;
      const build = ['go', 'build', '-trimpath', '-ldflags', r.ldflags, '-o', tmp, b.pkg];
      const logPath = join(work, `build-${b.name}.log`);
      const started = Date.now();
      log(`building ${b.name} ${b.version} (${b.pkg}); log: ${logPath}`);
      await runLogged(hasTime ? ['/usr/bin/time', '-v', ...build] : build, {
        cwd: work,
        env,
        logPath,
        what: `go build ${b.name}`,
        log,
      });
      renameSync(tmp, dest);
      const t = parseTimeV(readFileSync(logPath, 'utf8'));
      log(
        `built ${b.name} in ${formatSeconds((Date.now() - started) / 1000)}` +
          (t.maxRssMb ? ` (peak RSS ${t.maxRssMb} MB)` : ''),
      );
    }
  }
}
