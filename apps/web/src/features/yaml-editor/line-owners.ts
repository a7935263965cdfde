import { type FieldOwner, type FieldPath, formatFieldPath, ownersOf } from '@servedeck/shared';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { ParsedYaml } from '@/lib/yaml-paths';

/** Nodes of the YAML walked for the line map (the editor's text is one object: thousands of lines at most). */
const MAX_NODES = 50_000;

/**
 * The field each line of the first document starts: the key of a map entry (`  minReplicas: 2` →
 * spec.predictor.minReplicas) or a list item (`  - name: x` → …containers[0]). The first field that starts on a
 * line wins (a `- name: x` line is the item, not its name).
 */
export function pathsByLine(parsed: ParsedYaml): Map<number, FieldPath> {
  const out = new Map<number, FieldPath>();
  const root = parsed.docs[0]?.doc.contents as Node | null | undefined;
  const lc = parsed.lineCounter;
  let budget = MAX_NODES;
  const mark = (offset: number | undefined, path: FieldPath) => {
    if (offset === undefined || path.length === 0) return;
    const line = lc.linePos(offset).line;
    if (!out.has(line)) out.set(line, path);
  };
  const walk = (node: Node | null | undefined, path: FieldPath): void => {
    if (--budget < 0 || !node) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const p = [...path, String(pair.key.value)];
        mark(pair.key.range?.[0], p);
        walk(pair.value as Node | null, p);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const p = [...path, i];
        mark((item as Node | null)?.range?.[0], p);
        walk(item as Node | null, p);
      });
    }
  };
  walk(root, []);
  return out;
}

export type LineOwners = { path: FieldPath; field: string; owners: FieldOwner[] };

/** Who last set the field each line starts (lines with no owner are left out). */
export function ownersByLine(parsed: ParsedYaml, owners: FieldOwner[]): Map<number, LineOwners> {
  const out = new Map<number, LineOwners>();
  if (owners.length === 0) return out;
  for (const [line, path] of pathsByLine(parsed)) {
    const found = ownersOf(owners, path);
    if (found.length) out.set(line, { path, field: formatFieldPath(path), owners: found });
  }
  return out;
}
