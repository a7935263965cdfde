import pLimit from 'p-limit';
import { isHttpApiError, type K8sClient } from './client';
import { asList, meta } from './objects';
import { k8sPaths } from './paths';

/**
 * Which namespaces may this user use?
 *
 * 1. Try to list namespaces as the user. Admins can; Kubeflow users usually cannot (403).
 * 2. On 403, probe candidates: the configured SERVEDECK_NAMESPACES plus the Kubeflow profile name derived
 *    from the user's email (`user@example.com` -> `kubeflow-user-example-com`). For each, one
 *    SelfSubjectAccessReview "may I list inferenceservices.serving.kserve.io here?" (as the user), in
 *    parallel. SelfSubjectRulesReview would list every rule, but needs a namespace too and its answer is
 *    advisory; the access review is the authoritative yes/no for what the console does first.
 *
 * The apiserver stays the judge of every later call; this list only decides what the UI offers.
 */
export async function usableNamespaces(
  client: K8sClient,
  configured: string[],
  email: string | undefined,
): Promise<string[]> {
  try {
    const res = await client.call('GET', k8sPaths.namespaces());
    return asList(res.body)
      .items.map((n) => meta(n).name)
      .filter((n): n is string => typeof n === 'string')
      .sort();
  } catch (err) {
    if (!isHttpApiError(err, 403)) throw err;
  }
  const candidates = new Set(configured);
  if (email) candidates.add(kubeflowProfileName(email));
  // at most 16 reviews at once: a list of hundreds sent at once meets the apiserver's flow control as 429s
  const limit = pLimit(16);
  const allowed = await Promise.all(
    [...candidates].map((ns) => limit(async () => ((await mayListIsvcs(client, ns)) ? ns : undefined))),
  );
  return allowed.filter((n): n is string => n !== undefined).sort();
}

export function kubeflowProfileName(email: string): string {
  return `kubeflow-${email.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
    .replace(/-+$/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

async function mayListIsvcs(client: K8sClient, namespace: string): Promise<boolean> {
  try {
    const res = await client.call('POST', k8sPaths.selfSubjectAccessReviews(), {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: { namespace, verb: 'list', group: 'serving.kserve.io', resource: 'inferenceservices' },
        },
      },
    });
    const body = res.body as { status?: { allowed?: boolean } };
    return body.status?.allowed === true;
  } catch {
    return false;
  }
}
