/** The web app's weight: what index.html loads first (gzipped), the Monaco chunk, and Lighthouse scores. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

export type HtmlAssets = { scripts: string[]; preloads: string[]; styles: string[] };

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'i').exec(tag)?.[1];
}

/** Entry module scripts, modulepreloads and stylesheets of a built index.html (paths as written). */
export function htmlAssets(html: string): HtmlAssets {
  const out: HtmlAssets = { scripts: [], preloads: [], styles: [] };
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) {
    const tag = m[0];
    const src = attr(tag, 'src');
    if (src && /type\s*=\s*["']module["']/i.test(tag)) out.scripts.push(src);
  }
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    const rel = attr(tag, 'rel')?.toLowerCase();
    const href = attr(tag, 'href');
    if (!href) continue;
    if (rel === 'modulepreload') out.preloads.push(href);
    else if (rel === 'stylesheet') out.styles.push(href);
  }
  return out;
}

/** Relative static imports (`import ... from "./x.js"`, `import "./x.js"`, `export ... from`) of an ES module. */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  const re = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g;
  for (const m of code.matchAll(re)) if (m[1]) found.add(m[1]);
  return [...found];
}

export type Asset = { file: string; bytes: number; gzip: number };
export type WebWeight = {
  js: Asset[];
  css: Asset[];
  jsGzip: number;
  cssGzip: number;
  monaco: Asset[];
  monacoInitial: boolean;
  /** Why Monaco is in the first load, when it is. */
  monacoWhy?: string;
};

function asset(dist: string, rel: string): Asset {
  const buf = readFileSync(join(dist, rel));
  return { file: rel, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

/** Normalise `./assets/x.js`, `/assets/x.js` to `assets/x.js` (relative to dist). */
function distPath(p: string, from = ''): string {
  const joined = p.startsWith('/') ? p.slice(1) : posix.normalize(posix.join(posix.dirname(from), p));
  return joined.replace(/^\.\//, '');
}

export function webWeight(dist: string): WebWeight {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const a = htmlAssets(html);
  const js = new Set<string>();
  const queue = [...a.scripts.map((s) => distPath(s)), ...a.preloads.map((s) => distPath(s))];
  const importedBy = new Map<string, string>();
  while (queue.length) {
    const f = queue.shift() ?? '';
    if (js.has(f) || !existsSync(join(dist, f))) continue;
    js.add(f);
    for (const imp of staticImports(readFileSync(join(dist, f), 'utf8'))) {
      const target = distPath(imp, f);
      if (!importedBy.has(target)) importedBy.set(target, f);
      if (target.endsWith('.js')) queue.push(target);
    }
  }
  const jsAssets = [...js].map((f) => asset(dist, f));
  const cssAssets = a.styles.map((s) => asset(dist, distPath(s)));
  const assetsDir = join(dist, 'assets');
  const monacoFiles = existsSync(assetsDir)
    ? readdirSync(assetsDir).filter((f) => /monaco|editor\.worker/i.test(f) && /\.(js|css)$/.test(f))
    : [];
  const monaco = monacoFiles.map((f) => asset(dist, `assets/${f}`));
  const initialMonaco = [...js, ...cssAssets.map((c) => c.file)].filter((f) => /monaco/i.test(f));
  const entry = a.scripts[0] ? distPath(a.scripts[0]) : '';
  let monacoWhy: string | undefined;
  if (initialMonaco.length) {
    const first = initialMonaco[0] ?? '';
    const by = importedBy.get(first);
    monacoWhy =
      by === entry
        ? `the entry chunk ${entry} statically imports ${first} (in Vite builds usually the shared preload helper or a module that manualChunks put into the Monaco chunk)`
        : by
          ? `${by} statically imports ${first}`
          : `index.html preloads ${first}`;
  }
  return {
    js: jsAssets,
    css: cssAssets,
    jsGzip: jsAssets.reduce((s, x) => s + x.gzip, 0),
    cssGzip: cssAssets.reduce((s, x) => s + x.gzip, 0),
    monaco,
    monacoInitial: initialMonaco.length > 0,
    ...(monacoWhy ? { monacoWhy } : {}),
  };
}
