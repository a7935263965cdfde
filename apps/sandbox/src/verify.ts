import { readFileSync } from 'node:fs';
import { apiserverUrl } from './components';
import { dexIssuer } from './config/dex';
import type { Context } from './context';
import { passwordGrant } from './dex-token';
import { SandboxError } from './errors';
import { sleep } from './health';
import { KubeRest } from './kube';
import type { SandboxState } from './state';
import { namespaces, users } from './users';
import { clientId } from './versions';

/**
 * End-to-end check of OIDC + RBAC: the first sandbox user's Dex ID token lists InferenceServices in
 * their namespace. Retried for a while: right after start the apiserver may still answer 401/429
 * while its JWT authenticator and priority-and-fairness configuration settle.
 */
export async function verifyUserAccess(ctx: Context, state: SandboxState, log: (m: string) => void): Promise<void> {
  const user = users[0];
  const ns = namespaces.find((n) => user && n.owners.includes(user.email))?.namespace;
  if (!user || !ns) return;
  const caPem = readFileSync(ctx.l.pki.caCert, 'utf8');
  const tok = await passwordGrant({
    issuer: dexIssuer(state.ports.dex),
    caPem,
    clientId,
    clientSecret: state.clientSecret,
    username: user.email,
    password: user.password,
  });
  if (!tok.ok) throw new SandboxError(`Dex password grant for ${user.email} failed: ${tok.error}`);
  const kube = KubeRest.asUser(apiserverUrl(state), caPem, tok.value.id_token);
  const path = `/apis/serving.kserve.io/v1beta1/namespaces/${ns}/inferenceservices`;
  const until = Date.now() + 60_000;
  let last = '';
  try {
    for (;;) {
      const r = await kube.call('GET', path);
      if (r.status === 200) {
        log(`verified: ${user.email} (Dex ID token) lists inferenceservices in ${ns}`);
        return;
      }
      last = `${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
      if (Date.now() > until) break;
      await sleep(500);
    }
  } finally {
    await kube.close();
  }
  throw new SandboxError(`${user.email} cannot list inferenceservices in ${ns} with a Dex ID token: ${last}`);
}
