import { readFileSync } from 'node:fs';
import { apiserverUrl } from '../../src/components';
import { dexIssuer } from '../../src/config/dex';
import { context, requireState } from '../../src/context';
import { passwordGrant } from '../../src/dex-token';
import { KubeRest } from '../../src/kube';
import { findUser } from '../../src/users';
import { clientId } from '../../src/versions';

/** The running sandbox as the tests see it: admin client and per-user clients (Dex ID token as Bearer). */
export function sandbox() {
  const ctx = context();
  const state = requireState(ctx);
  const caPem = readFileSync(ctx.l.pki.caCert, 'utf8');
  const server = apiserverUrl(state);
  return {
    ctx,
    state,
    admin: () => KubeRest.admin(server, ctx.l.pki),
    idToken: async (email: string) => {
      const user = findUser(email);
      if (!user) throw new Error(`${email} is not a sandbox user`);
      const r = await passwordGrant({
        issuer: dexIssuer(state.ports.dex),
        caPem,
        clientId,
        clientSecret: state.clientSecret,
        username: email,
        password: user.password,
      });
      if (!r.ok) throw new Error(r.error);
      return r.value.id_token;
    },
    asUser: async function (email: string) {
      return KubeRest.asUser(server, caPem, await this.idToken(email));
    },
  };
}

export const isvcPath = (ns: string, name = '') =>
  `/apis/serving.kserve.io/v1beta1/namespaces/${ns}/inferenceservices${name ? `/${name}` : ''}`;
