import { describe, expect, it } from 'vitest';
import { type EndpointSliceLike, serviceBackends } from '../../src/gateway/endpoints';
import { knownIsvc } from '../../src/gateway/known';
import { resolveRoute } from '../../src/gateway/routes';

const ns = 'kubeflow-user-example-com';
const service = {
  metadata: { name: 'sklearn-iris-predictor', namespace: ns },
  spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
};
const slice = (
  endpoints: NonNullable<EndpointSliceLike['endpoints']>,
  name = 'sklearn-iris-predictor',
): EndpointSliceLike => ({
  metadata: { namespace: ns, labels: { 'kubernetes.io/service-name': name } },
  ports: [{ name: 'http', port: 8080 }],
  endpoints,
});
const ep = (pod: string, ready?: boolean) => ({
  ...(ready === undefined ? {} : { conditions: { ready } }),
  targetRef: { kind: 'Pod', name: pod, namespace: ns },
});

describe('serviceBackends', () => {
  it('follows service port 80 to the slice port of the same name, ready pod endpoints only', () => {
    expect(
      serviceBackends(service, [
        slice([ep('a', true), ep('b', false), ep('c')]),
        slice([ep('other', true)], 'other-predictor'),
      ]),
    ).toEqual([
      { namespace: ns, pod: 'a', containerPort: 8080 },
      { namespace: ns, pod: 'c', containerPort: 8080 },
    ]);
  });
  it('has none without the Service, or with a slice port of another name', () => {
    expect(serviceBackends(undefined, [slice([ep('a', true)])])).toEqual([]);
    expect(serviceBackends(service, [{ ...slice([ep('a', true)]), ports: [{ name: 'grpc', port: 9000 }] }])).toEqual(
      [],
    );
  });
});

describe('knownIsvc', () => {
  it("routes the hosts of KServe's status URLs, whatever the domain", () => {
    const k = knownIsvc({
      metadata: { name: 'sklearn-iris', namespace: ns },
      spec: { predictor: {}, transformer: {} },
      status: {
        url: `http://sklearn-iris-${ns}.other.example`,
        components: { predictor: { url: `http://sklearn-iris-predictor-${ns}.other.example` } },
      },
    });
    expect(k.components).toEqual(['predictor', 'transformer']);
    expect(resolveRoute(`sklearn-iris-${ns}.other.example`, '/v1/models', [k], 'example.com')).toMatchObject({
      component: 'transformer',
      external: true,
    });
    expect(resolveRoute(`sklearn-iris-predictor-${ns}.other.example:80`, '/', [k], 'example.com')).toMatchObject({
      component: 'predictor',
    });
  });
});
