import { describe, expect, it } from 'vitest';
import { graphServiceNames, inferenceGraphSchema, layoutGraph } from '../src/registry';

const graph = (nodes: unknown) => inferenceGraphSchema.parse({ metadata: { name: 'g' }, spec: { nodes } });

describe('layoutGraph', () => {
  it('draws the sample Sequence: one root node with two service steps in order', () => {
    const g = graph({
      root: {
        routerType: 'Sequence',
        steps: [{ serviceName: 'sklearn-iris' }, { serviceName: 'xgboost-iris', data: '$request' }],
      },
    });
    const l = layoutGraph(g);
    expect(l.columns).toBe(1);
    expect(l.nodes).toHaveLength(1);
    expect(l.nodes[0]?.steps.map((s) => [s.label, s.data])).toEqual([
      ['sklearn-iris', undefined],
      ['xgboost-iris', '$request'],
    ]);
    expect(l.edges).toEqual([]);
    expect(graphServiceNames(g)).toEqual(['sklearn-iris', 'xgboost-iris']);
  });

  it('puts called nodes one column right, keeps conditions and weights, survives cycles and missing nodes', () => {
    const g = graph({
      root: {
        routerType: 'Switch',
        steps: [
          { nodeName: 'split', condition: '[@this].#(x>1)' },
          { nodeName: 'ens', name: 'fallback' },
        ],
      },
      split: {
        routerType: 'Splitter',
        steps: [
          { serviceName: 'a', weight: 80 },
          { serviceName: 'b', weight: 20 },
        ],
      },
      ens: { routerType: 'Ensemble', steps: [{ nodeName: 'root' }, { nodeName: 'ghost' }] },
      lonely: { routerType: 'Sequence', steps: [{ serviceUrl: 'http://x.svc.cluster.local' }] },
    });
    const l = layoutGraph(g);
    const at = (n: string) => l.nodes.find((x) => x.name === n);
    expect([at('root')?.column, at('split')?.column, at('ens')?.column]).toEqual([0, 1, 1]);
    expect([at('split')?.row, at('ens')?.row]).toEqual([0, 1]);
    expect(at('lonely')).toMatchObject({ column: 2, reachable: false });
    expect(l.columns).toBe(3);
    expect(at('root')?.steps[0]?.condition).toBe('[@this].#(x>1)');
    expect(at('root')?.steps[1]?.label).toBe('fallback');
    expect(at('split')?.steps.map((s) => s.weight)).toEqual([80, 20]);
    expect(l.edges).toContainEqual({ fromNode: 'ens', fromStep: 1, toNode: 'ghost', missing: true });
    expect(l.edges).toContainEqual({ fromNode: 'ens', fromStep: 0, toNode: 'root', missing: false });
    expect(at('lonely')?.steps[0]?.target).toEqual({ type: 'url', url: 'http://x.svc.cluster.local' });
  });

  it('lays out an empty graph as nothing', () => {
    expect(layoutGraph(graph({}))).toEqual({ nodes: [], edges: [], columns: 0, rows: 0 });
  });
});
