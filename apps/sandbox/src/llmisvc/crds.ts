/**
 * The CRDs of other projects that KServe's LLMInferenceService controller works with, at the versions KServe
 * v0.20.0's go.mod requires, from those modules' zips on the Go module proxy (`config/crd/...` YAML): the
 * Gateway API's standard channel (GatewayClass, Gateway, HTTPRoute, ReferenceGrant) and the Inference
 * Extension's InferencePool (inference.networking.k8s.io). Not LeaderWorkerSet (sigs.k8s.io/lws): its CRD is
 * 1.3 MB, near etcd's 1.5 MiB request limit, and the controller tolerates its absence (multi-node
 * workloads need more than one node anyway): docs/sandbox.md.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { SandboxError } from '../errors';
import type { KubeObject } from '../kube';

const modDownload = z.object({ Dir: z.string(), GoMod: z.string() });

function download(mod: string): z.infer<typeof modDownload> {
  const r = spawnSync('go', ['mod', 'download', '-json', mod], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new SandboxError(`go mod download ${mod} failed:\n${r.stderr}${r.stdout}`);
  return modDownload.parse(JSON.parse(r.stdout));
}

/** The version of `module` that a go.mod requires (pure). */
export function requiredVersion(goMod: string, module: string): string {
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const m = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod);
  if (!m?.[1]) throw new SandboxError(`go.mod does not require ${module}`);
  return m[1];
}

export const gatewayApiModule = 'sigs.k8s.io/gateway-api';
export const inferenceExtensionModule = 'sigs.k8s.io/gateway-api-inference-extension';

/** Files taken from each module (paths inside the module zip). */
export const crdFiles = {
  [gatewayApiModule]: [
    'config/crd/standard/gateway.networking.k8s.io_gatewayclasses.yaml',
    'config/crd/standard/gateway.networking.k8s.io_gateways.yaml',
    'config/crd/standard/gateway.networking.k8s.io_httproutes.yaml',
    'config/crd/standard/gateway.networking.k8s.io_referencegrants.yaml',
  ],
  [inferenceExtensionModule]: ['config/crd/bases/inference.networking.k8s.io_inferencepools.yaml'],
} as const;

const crd = z.looseObject({
  apiVersion: z.literal('apiextensions.k8s.io/v1'),
  kind: z.literal('CustomResourceDefinition'),
  metadata: z.looseObject({ name: z.string() }),
});

export function crdsIn(text: string, where: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((o) => o !== null && o !== undefined)
    .map((o) => {
      const r = crd.safeParse(o);
      if (!r.success) throw new SandboxError(`${where} holds something that is not a CRD`);
      return r.data as KubeObject;
    });
}

/** The CRDs, read from the Go module cache (downloaded through the module proxy when missing). */
export function llmisvcDependencyCrds(kserveVersion: string): { crds: KubeObject[]; versions: Record<string, string> } {
  const kserveGoMod = readFileSync(download(`github.com/kserve/kserve@${kserveVersion}`).GoMod, 'utf8');
  const crds: KubeObject[] = [];
  const versions: Record<string, string> = {};
  for (const [mod, files] of Object.entries(crdFiles)) {
    const v = requiredVersion(kserveGoMod, mod);
    versions[mod] = v;
    const dir = download(`${mod}@${v}`).Dir;
    for (const f of files) crds.push(...crdsIn(readFileSync(join(dir, f), 'utf8'), `${mod}@${v}/${f}`));
  }
  return { crds, versions };
}
