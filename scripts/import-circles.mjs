// `node scripts/import-circles.mjs`: fails when two files import each other (issue 19: "no two-file circles";
// a type-only import counts too: the pair cannot be read one without the other). Relative imports and the web
// app's `@/` alias, in the TypeScript of every package. Prints the circles and "N files, N circles".
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { root } from './lib.mjs';

const tops = ['apps', 'packages', 'bench', 'e2e'];
const skip = new Set(['node_modules', 'dist', 'dist-types', '.out', '.sandbox', 'coverage']);
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (skip.has(name) || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) files.push(normalize(p));
  }
}
for (const t of tops) walk(join(root, t));
const known = new Set(files);
const webSrc = join(root, 'apps/web/src');
const spec = /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g;

function resolveSpec(file, s) {
  let base;
  if (s.startsWith('@/') && file.startsWith(webSrc)) base = join(webSrc, s.slice(2));
  else if (s.startsWith('.')) base = join(dirname(file), s);
  else return undefined;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (known.has(normalize(c))) return normalize(c);
  }
  return undefined;
}

const edges = new Map();
for (const f of files) {
  const deps = new Set();
  for (const m of readFileSync(f, 'utf8').matchAll(spec)) {
    const target = resolveSpec(f, m[1] ?? m[2]);
    if (target && target !== f) deps.add(target);
  }
  edges.set(f, deps);
}
const circles = [];
for (const [a, deps] of edges) {
  for (const b of deps) if (a < b && edges.get(b)?.has(a)) circles.push([a, b]);
}
for (const [a, b] of circles) console.log(`circle: ${relative(root, a)} <-> ${relative(root, b)}`);
console.log(`${files.length} files, ${circles.length} two-file import circles`);
process.exit(circles.length === 0 ? 0 : 1);
