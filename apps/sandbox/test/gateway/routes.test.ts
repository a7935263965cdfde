import { describe, expect, it } from 'vitest';
import { type KnownIsvc, RoundRobin, resolveRoute } from '../../src/gateway/routes';

const isvcs: KnownIsvc[] = [
  { namespace: 'kubeflow-user-example-com', name: 'sklearn-iris', components: ['predictor'] },
  { namespace: 'team-a', name: 'img', components: ['predictor', 'transformer', 'explainer'] },
];
const ns = 'kubeflow-user-example-com';

describe('resolveRoute', () => {
  it('routes the status.url host (with or without a port) to the predictor, needing a token', () => {
    expect(
      resolveRoute(`sklearn-iris-${ns}.example.com:8080`, '/v2/models/sklearn-iris/infer', isvcs, 'example.com'),
    ).toEqual({
      namespace: ns,
      name: 'sklearn-iris',
      component: 'predictor',
      path: '/v2/models/sklearn-iris/infer',
      external: true,
    });
  });
  it('strips the /serving/NS/NAME prefix', () => {
    expect(
      resolveRoute(
        '127.0.0.1:3000',
        `/serving/${ns}/sklearn-iris/v1/models/sklearn-iris:predict?x=1`,
        isvcs,
        'example.com',
      ),
    ).toMatchObject({
      name: 'sklearn-iris',
      path: '/v1/models/sklearn-iris:predict?x=1',
      external: true,
    });
  });
  it('lets cluster-local hosts in without a token', () => {
    expect(
      resolveRoute(`sklearn-iris-predictor.${ns}.svc.cluster.local`, '/v1/models', isvcs, 'example.com'),
    ).toMatchObject({
      component: 'predictor',
      external: false,
    });
    expect(resolveRoute(`sklearn-iris.${ns}.svc.cluster.local`, '/', isvcs, 'example.com')).toMatchObject({
      external: false,
    });
  });
  it('sends the top-level host to the transformer, and :explain to the explainer', () => {
    expect(resolveRoute('img-team-a.example.com', '/v1/models/img:predict', isvcs, 'example.com')?.component).toBe(
      'transformer',
    );
    expect(resolveRoute('img-team-a.example.com', '/v1/models/img:explain', isvcs, 'example.com')?.component).toBe(
      'explainer',
    );
    expect(
      resolveRoute('img-predictor-team-a.example.com', '/v1/models/img:predict', isvcs, 'example.com')?.component,
    ).toBe('predictor');
  });
  it('knows nothing of other hosts', () => {
    expect(resolveRoute('other.example.com', '/', isvcs, 'example.com')).toBeUndefined();
    expect(resolveRoute('127.0.0.1', '/serving/x/y/', isvcs, 'example.com')).toBeUndefined();
  });
});

describe('RoundRobin', () => {
  it('cycles through endpoints', () => {
    const rr = new RoundRobin();
    expect([1, 2, 3, 4].map(() => rr.pick('k', [10, 20, 30]))).toEqual([10, 20, 30, 10]);
    expect(rr.pick('k', [])).toBeUndefined();
  });
});
