import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  moveIntoPlace,
  type PythonEnvs,
  pythonEnvNames,
  pythonScriptsDir,
  RuntimeSetupError,
  shortHash,
  tempName,
} from './python-envs';
import { runLogged } from './run-logged';

export const modelFormats = ['sklearn', 'xgboost', 'lightgbm'] as const;
export type ModelFormat = (typeof modelFormats)[number];

/** What train_models.py writes into each flavor's output folder. */
const trainManifestSchema = z.object({
  flavor: z.enum(pythonEnvNames),
  sklearnVersion: z.string(),
  models: z.array(
    z.object({ uri: z.string(), path: z.string(), format: z.enum(modelFormats), files: z.array(z.string()) }),
  ),
});

/** `$SERVEDECK_CACHE/models/<hash>/mirror.json`: storage URI -> folder (relative), per venv. */
export const mirrorIndexSchema = z.object({
  version: z.literal(1),
  hash: z.string(),
  createdAt: z.string(),
  models: z.array(
    z.object({
      uri: z.string(),
      format: z.enum(modelFormats),
      files: z.array(z.string()),
      dirs: z.object({ kserve: z.string().optional(), mlserver: z.string().optional() }),
    }),
  ),
});
export type MirrorIndex = z.infer<typeof mirrorIndexSchema>;

export type ModelMirror = {
  /** `$SERVEDECK_CACHE/models/<hash>` */
  dir: string;
  index: MirrorIndex;
  /** The storage URIs the mirror holds. */
  uris: string[];
};

const trainScript = join(pythonScriptsDir, 'train_models.py');

function mirrorFromIndex(dir: string, index: MirrorIndex): ModelMirror {
  return {
    dir,
    index,
    uris: index.models.map((m) => m.uri),
  };
}

/** Merge the per-flavor training manifests into one index (pure). */
export function buildMirrorIndex(
  hash: string,
  manifests: Array<z.infer<typeof trainManifestSchema>>,
  createdAt: string,
): MirrorIndex {
  const byUri = new Map<string, MirrorIndex['models'][number]>();
  for (const manifest of manifests) {
    for (const m of manifest.models) {
      const entry = byUri.get(m.uri) ?? { uri: m.uri, format: m.format, files: m.files, dirs: {} };
      entry.dirs[manifest.flavor] = join(manifest.flavor, m.path);
      byUri.set(m.uri, entry);
    }
  }
  return { version: 1, hash, createdAt, models: [...byUri.values()] };
}

export function mirrorHash(trainScriptContent: string | Buffer, envs: PythonEnvs): string {
  return shortHash(
    Buffer.concat([
      Buffer.from(trainScriptContent),
      Buffer.from(`\n${envs.kserve.requirementsHash}\n${envs.mlserver.requirementsHash}\n`),
    ]),
  );
}

function readIndex(dir: string): MirrorIndex | undefined {
  const path = join(dir, 'mirror.json');
  if (!existsSync(path)) return undefined;
  try {
    const parsed = mirrorIndexSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The model mirror: the sample models trained locally (iris ships with scikit-learn) with each venv's
 * own library versions, in `$SERVEDECK_CACHE/models/<hash>/` (hash of train_models.py and both
 * requirements files), indexed by storage URI in `mirror.json`. Built once (seconds), atomically.
 */
export async function ensureModelMirror(opts: {
  cacheDir: string;
  envs: PythonEnvs;
  log: (msg: string) => void;
}): Promise<ModelMirror> {
  const hash = mirrorHash(await readFile(trainScript), opts.envs);
  const dir = join(opts.cacheDir, 'models', hash);
  const cached = readIndex(dir);
  if (cached) return mirrorFromIndex(dir, cached);

  const parent = join(opts.cacheDir, 'models');
  await mkdir(parent, { recursive: true });
  const tmp = join(parent, tempName(`.tmp-${hash}-`));
  opts.log(`[models] training the model mirror into ${dir}`);
  try {
    const manifests = [];
    for (const name of pythonEnvNames) {
      const out = join(tmp, name);
      const r = await runLogged(opts.envs[name].python, [trainScript, '--flavor', name, '--out', out], {
        log: opts.log,
        prefix: `[models ${name}] `,
      });
      if (r.code !== 0) {
        throw new RuntimeSetupError(
          'ModelTrainingFailed',
          `train_models.py --flavor ${name} failed (exit ${r.code}):\n${r.tail.slice(-10).join('\n')}`,
        );
      }
      manifests.push(trainManifestSchema.parse(JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'))));
    }
    const index = buildMirrorIndex(hash, manifests, new Date().toISOString());
    await writeFile(join(tmp, 'mirror.json'), `${JSON.stringify(index, null, 2)}\n`);
    await moveIntoPlace(tmp, dir, () => readIndex(dir) !== undefined);
    const final = readIndex(dir);
    if (!final) throw new RuntimeSetupError('ModelMirrorBroken', `${dir}/mirror.json is missing or invalid`);
    opts.log(`[models] mirror ready: ${final.models.length} storage URIs`);
    return mirrorFromIndex(dir, final);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
