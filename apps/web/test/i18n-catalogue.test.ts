import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../src/i18n/catalogue';
import { en } from '../src/i18n/locales/en';
import { ko } from '../src/i18n/locales/ko';

const CATALOGUES: Record<Locale, object> = { en, ko };
const SRC = join(import.meta.dirname, '../src');
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every leaf of a catalogue as a dotted key → its text. */
function leaves(obj: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else if (v && typeof v === 'object') for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
    else throw new Error(`${key}: not a string`);
  }
  return out;
}

/** The catalogue's keys as code uses them: a plural key `x_one`/`x_other` is `x`. */
function baseKeys(m: Map<string, string>): Set<string> {
  return new Set([...m.keys()].map((k) => k.replace(PLURAL, '')));
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|<(\w+)>/g)].map((x) => x[1] ?? `<${x[2]}>`).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

describe('message catalogues', () => {
  const byLocale = Object.fromEntries(LOCALES.map((l) => [l, leaves(CATALOGUES[l])])) as Record<
    Locale,
    Map<string, string>
  >;

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every English key and no other', (l) => {
    const missing = [...baseKeys(byLocale.en)].filter((k) => !baseKeys(byLocale[l]).has(k));
    const extra = [...baseKeys(byLocale[l])].filter((k) => !baseKeys(byLocale.en).has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(LOCALES)('%s has the plural forms its language needs', (l) => {
    const needed = new Intl.PluralRules(l).resolvedOptions().pluralCategories;
    const bases = new Set([...byLocale.en.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
    const missing = [...bases].flatMap((b) => needed.map((c) => `${b}_${c}`)).filter((k) => !byLocale[l].has(k));
    expect(missing).toEqual([]);
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s fills in the same values and tags as English', (l) => {
    const differ = [...byLocale[l]].flatMap(([k, text]) => {
      const source = byLocale.en.get(k) ?? byLocale.en.get(k.replace(PLURAL, '_other')) ?? '';
      return placeholders(text).join() === placeholders(source).join() ? [] : [k];
    });
    expect(differ).toEqual([]);
  });

  it('names no value after an i18next option (ns, lng, context, ...: they would be taken as the option)', () => {
    const reserved = new Set(['ns', 'lng', 'lngs', 'context', 'defaultValue', 'ordinal', 'replace', 'keyPrefix']);
    const bad = [...byLocale.en].filter(([, text]) => placeholders(text).some((p) => reserved.has(p)));
    expect(bad.map(([k]) => k)).toEqual([]);
  });

  it.each(LOCALES)('%s has no empty text', (l) => {
    expect([...byLocale[l]].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });

  it('every key the code names with a literal exists in the English catalogue', () => {
    const keys = baseKeys(byLocale.en);
    const groups = new Set([...keys].flatMap((k) => k.split('.').map((_, i, a) => a.slice(0, i + 1).join('.'))));
    const unknown: string[] = [];
    for (const file of sourceFiles(SRC)) {
      if (file.includes(`${join('src', 'i18n', 'locales')}`)) continue;
      const text = readFileSync(file, 'utf8');
      // A feature with its own i18next namespace (e.g. metrics' useMetricsT) checks its own keys; a shared kind
      // view's `t` is the feature's (KindT<keys>), which the compiler holds to each feature's catalogue.
      if (/import \{[^}]*\buse\w+T\b[^}]*\} from '\.\.?\/i18n'/.test(text) || /\bt: KindT</.test(text)) continue;
      // t('a.b'), i18n.t('a.b'), i18nKey="a.b", and the literal head of t(`a.b.${x}`)
      for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'|i18nKey="([\w.]+)"|\bt\(\s*`([\w.]+)\.\$\{/g)) {
        const key = m[1] ?? m[2];
        if (key && !keys.has(key)) unknown.push(`${relative(SRC, file)}: ${key}`);
        if (m[3] && !groups.has(m[3])) unknown.push(`${relative(SRC, file)}: ${m[3]}.*`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
