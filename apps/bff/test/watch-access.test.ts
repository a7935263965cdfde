import { describe, expect, it } from 'vitest';
import type { K8sClient } from '../src/k8s/client';
import { type AccessAttrs, AccessReviews, type AccessVerb, accessAttrsOf } from '../src/watch/access';

describe('accessAttrsOf: which collections may be shared, and as what review', () => {
  it('reads group, resource and namespace of the kube-apiserver’s own collections', () => {
    expect(accessAttrsOf('/api/v1/namespaces/ns-1/pods')).toEqual({ group: '', resource: 'pods', namespace: 'ns-1' });
    expect(accessAttrsOf('/apis/serving.kserve.io/v1beta1/namespaces/kubeflow-user/inferenceservices')).toEqual({
      group: 'serving.kserve.io',
      resource: 'inferenceservices',
      namespace: 'kubeflow-user',
    });
    expect(accessAttrsOf('/apis/autoscaling/v2/namespaces/a/horizontalpodautoscalers')?.group).toBe('autoscaling');
  });

  it('never shares other groups (an aggregated API may answer each user differently), objects or cluster scope', () => {
    expect(accessAttrsOf('/apis/project.openshift.io/v1/namespaces/a/projects')).toBeUndefined();
    expect(accessAttrsOf('/apis/metrics.k8s.io/v1beta1/namespaces/a/pods')).toBeUndefined();
    expect(accessAttrsOf('/api/v1/namespaces/a/pods/p')).toBeUndefined();
    expect(accessAttrsOf('/api/v1/namespaces')).toBeUndefined();
    expect(accessAttrsOf('/apis/serving.kserve.io/v1alpha1/clusterservingruntimes')).toBeUndefined();
  });
});

describe('AccessReviews', () => {
  const client = {} as K8sClient;
  const source = async () => client;
  const attrs = (namespace: string): AccessAttrs => ({ group: '', resource: 'pods', namespace });

  function setup(answer: (a: AccessAttrs, verb: AccessVerb) => boolean | Error) {
    let now = 0;
    const asked: string[] = [];
    const counted: string[] = [];
    const reviews = new AccessReviews(
      async (_c, a, verb) => {
        asked.push(`${verb} ${a.namespace}`);
        const r = answer(a, verb);
        if (r instanceof Error) throw r;
        return r;
      },
      1_000,
      (v) => counted.push(v),
      () => now,
    );
    return { reviews, asked, counted, tick: (ms: number) => (now += ms) };
  }

  it('a cluster-wide yes answers every namespace with one review', async () => {
    const { reviews, asked } = setup(() => true);
    expect(await reviews.verdict('u', source, attrs('a'), 'watch')).toBe('allowed');
    expect(await reviews.verdict('u', source, attrs('b'), 'watch')).toBe('allowed');
    expect(asked).toEqual(['watch ']);
  });

  it('asks per namespace otherwise, keeps answers for the ttl per user and verb, then asks again', async () => {
    const { reviews, asked, tick } = setup((a) => a.namespace === 'a');
    expect(await reviews.verdict('u', source, attrs('a'), 'watch')).toBe('allowed');
    expect(await reviews.verdict('u', source, attrs('b'), 'watch')).toBe('denied');
    expect(await reviews.verdict('u', source, attrs('a'), 'watch')).toBe('allowed');
    expect(asked).toEqual(['watch ', 'watch a', 'watch b']);
    await reviews.verdict('v', source, attrs('a'), 'watch');
    await reviews.verdict('u', source, attrs('a'), 'list');
    expect(asked).toHaveLength(7);
    tick(1_000);
    await reviews.verdict('u', source, attrs('a'), 'watch');
    expect(asked.slice(7)).toEqual(['watch ', 'watch a']);
  });

  it('a review that fails is unknown and not kept; a burst asks once', async () => {
    let fail = true;
    const { reviews, asked, counted } = setup(() => (fail ? new Error('503') : true));
    const burst = await Promise.all([1, 2, 3].map(() => reviews.verdict('u', source, attrs('a'), 'watch')));
    expect(burst).toEqual(['unknown', 'unknown', 'unknown']);
    expect(asked).toEqual(['watch ', 'watch a']);
    fail = false;
    expect(await reviews.verdict('u', source, attrs('a'), 'watch')).toBe('allowed');
    expect(counted).toEqual(['failed', 'failed', 'allowed']);
  });

  it('never has more reviews in flight than its limit, however many are asked at once', async () => {
    let inFlight = 0;
    let most = 0;
    const reviews = new AccessReviews(
      async (_c, a) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return a.namespace !== '';
      },
      1_000,
      () => {},
      Date.now,
      4,
    );
    const all = await Promise.all(
      Array.from({ length: 40 }, (_, i) => reviews.verdict('u', source, attrs(`ns-${i}`), 'watch')),
    );
    expect(all.every((v) => v === 'allowed')).toBe(true);
    expect(most).toBe(4);
  });

  it('a user without a session gets unknown, without a review', async () => {
    const { reviews, asked } = setup(() => true);
    expect(await reviews.verdict('u', async () => undefined, attrs('a'), 'watch')).toBe('unknown');
    expect(asked).toEqual([]);
  });
});
