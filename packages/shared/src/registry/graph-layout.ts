import { type InferenceGraph, type StepTarget, stepTarget } from './graph-model';

export type LaidOutStep = {
  index: number;
  /** The step's own name, else what it calls. */
  label: string;
  target: StepTarget;
  weight: number | undefined;
  condition: string | undefined;
  dependency: string | undefined;
  data: string | undefined;
};

export type LaidOutNode = {
  name: string;
  routerType: string;
  /** Distance from `root` (columns of the drawing); unreachable nodes come after the reachable ones. */
  column: number;
  /** Position within its column. */
  row: number;
  reachable: boolean;
  steps: LaidOutStep[];
};

/** A step that calls another node of the graph: an arrow from the step to that node. */
export type GraphEdge = { fromNode: string; fromStep: number; toNode: string; missing: boolean };

export type GraphLayout = { nodes: LaidOutNode[]; edges: GraphEdge[]; columns: number; rows: number };

export const ROOT_NODE = 'root';

function label(target: StepTarget, name: string | undefined): string {
  if (name) return name;
  if (target.type === 'service' || target.type === 'node') return target.name;
  if (target.type === 'url') return target.url;
  return '?';
}

/**
 * Columns and rows of an InferenceGraph's drawing: `root` first, every node one column right of the
 * nearest node that calls it (breadth-first, so cycles end), nodes nothing reaches after them. Pure.
 */
export function layoutGraph(g: InferenceGraph): GraphLayout {
  const specNodes = g.spec.nodes;
  const names = Object.keys(specNodes).sort((a, b) =>
    a === ROOT_NODE ? -1 : b === ROOT_NODE ? 1 : a.localeCompare(b),
  );
  const depth = new Map<string, number>();
  const queue: string[] = [];
  const start = specNodes[ROOT_NODE] ? ROOT_NODE : names[0];
  if (start !== undefined) {
    depth.set(start, 0);
    queue.push(start);
  }
  const edges: GraphEdge[] = [];
  for (let i = 0; i < queue.length; i += 1) {
    const from = queue[i] as string;
    const d = depth.get(from) ?? 0;
    for (const s of specNodes[from]?.steps ?? []) {
      const t = stepTarget(s);
      if (t.type !== 'node' || depth.has(t.name) || !specNodes[t.name]) continue;
      depth.set(t.name, d + 1);
      queue.push(t.name);
    }
  }
  const reachableColumns = depth.size ? Math.max(...depth.values()) + 1 : 0;
  const unreachable = names.filter((n) => !depth.has(n));
  const nodes: LaidOutNode[] = [];
  const rowsInColumn = new Map<number, number>();
  for (const name of [...queue, ...unreachable]) {
    const node = specNodes[name];
    if (!node) continue;
    const column = depth.get(name) ?? reachableColumns;
    const row = rowsInColumn.get(column) ?? 0;
    rowsInColumn.set(column, row + 1);
    const steps = node.steps.map((s, index): LaidOutStep => {
      const target = stepTarget(s);
      if (target.type === 'node') {
        edges.push({ fromNode: name, fromStep: index, toNode: target.name, missing: !specNodes[target.name] });
      }
      return {
        index,
        label: label(target, s.name),
        target,
        weight: s.weight,
        condition: s.condition,
        dependency: s.dependency,
        data: s.data,
      };
    });
    nodes.push({ name, routerType: node.routerType, column, row, reachable: depth.has(name), steps });
  }
  const columns = unreachable.length ? reachableColumns + 1 : reachableColumns;
  const rows = rowsInColumn.size ? Math.max(...rowsInColumn.values()) : 0;
  return { nodes, edges, columns, rows };
}
