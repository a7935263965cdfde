import { describe, expect, it } from 'vitest';
import { apiPaths } from '../src/api-routes';
import { readyIsvc } from '../src/fixtures';
import {
  apiVersionOf,
  crdNameOf,
  INFERENCE_GRAPH,
  INFERENCE_SERVICE,
  kindApiPaths,
  kindByName,
  kindByPlural,
  kindK8sPaths,
  ownedSelector,
  RESOURCE_KINDS,
} from '../src/registry';

describe('resource registry', () => {
  it('gives InferenceService the same paths as before the registry', () => {
    expect(kindK8sPaths.collection(INFERENCE_SERVICE, 'ns')).toBe(
      '/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices',
    );
    expect(kindK8sPaths.object(INFERENCE_SERVICE, 'a/b', 'x?y')).toBe(
      '/apis/serving.kserve.io/v1beta1/namespaces/a%2Fb/inferenceservices/x%3Fy',
    );
    expect(apiPaths.isvcs('ns')).toBe('/api/namespaces/ns/inferenceservices');
    expect(apiPaths.isvcsWatch('ns')).toBe('/api/namespaces/ns/watch/inferenceservices');
    expect(apiPaths.isvcWatch('ns', 'm')).toBe('/api/namespaces/ns/inferenceservices/m/watch');
    expect(apiPaths.isvcSchema()).toBe('/api/schema/inferenceservice');
    expect(crdNameOf(INFERENCE_SERVICE)).toBe('inferenceservices.serving.kserve.io');
    expect(ownedSelector(INFERENCE_SERVICE, 'm')).toBe('serving.kserve.io/inferenceservice=m');
  });

  it('describes InferenceGraph from its CRD (v1alpha1, namespaced)', () => {
    expect(apiVersionOf(INFERENCE_GRAPH)).toBe('serving.kserve.io/v1alpha1');
    expect(kindK8sPaths.collection(INFERENCE_GRAPH, 'ns')).toBe(
      '/apis/serving.kserve.io/v1alpha1/namespaces/ns/inferencegraphs',
    );
    expect(kindApiPaths.infer(INFERENCE_GRAPH, 'ns', 'g', '/')).toBe('/api/namespaces/ns/inferencegraphs/g/infer/');
    expect(kindApiPaths.schema(INFERENCE_GRAPH)).toBe('/api/schema/inferencegraph');
  });

  it('finds kinds by plural and by name; plurals and watch keys are unique', () => {
    expect(kindByPlural('inferencegraphs')).toBe(INFERENCE_GRAPH);
    expect(kindByName('inferenceservice')).toBe(INFERENCE_SERVICE);
    expect(kindByPlural('secrets')).toBeUndefined();
    expect(new Set(RESOURCE_KINDS.map((k) => k.plural)).size).toBe(RESOURCE_KINDS.length);
    expect(new Set(RESOURCE_KINDS.map((k) => k.watchKey)).size).toBe(RESOURCE_KINDS.length);
  });

  it('summarises an InferenceService row as summarizeIsvc does, and never throws on a malformed one', () => {
    const row = INFERENCE_SERVICE.summarize(readyIsvc);
    expect(row.name).toBe('sklearn-iris');
    expect(row.columns.protocol).toBeDefined();
    expect(INFERENCE_SERVICE.summarize({ metadata: 'x' })).toMatchObject({ name: '', status: { phase: 'Loading' } });
  });

  it('rolls a graph status up from its conditions', () => {
    const g = (conditions: unknown[]) => ({ metadata: { name: 'g', namespace: 'n' }, status: { conditions } });
    expect(INFERENCE_GRAPH.status(g([{ type: 'Ready', status: 'True' }]))).toEqual({ phase: 'Ready' });
    expect(
      INFERENCE_GRAPH.status(g([{ type: 'Ready', status: 'False', reason: 'ServiceNotFound', message: 'x missing' }])),
    ).toEqual({ phase: 'NotReady', reason: 'ServiceNotFound', message: 'x missing' });
    expect(INFERENCE_GRAPH.status(g([]))).toEqual({ phase: 'Loading' });
    const row = INFERENCE_GRAPH.summarize({
      metadata: { name: 'g', namespace: 'n' },
      spec: { nodes: { root: { routerType: 'Sequence', steps: [{ serviceName: 'a' }, { serviceName: 'b' }] } } },
      status: { url: 'http://g-n.example.com' },
    });
    expect(row).toMatchObject({
      key: 'n/g',
      url: 'http://g-n.example.com',
      columns: { rootRouter: 'Sequence', steps: 2 },
    });
  });
});
