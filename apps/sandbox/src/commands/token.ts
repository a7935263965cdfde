import { readFileSync } from 'node:fs';
import { dexIssuer } from '../config/dex';
import { type Context, requireState } from '../context';
import { passwordGrant } from '../dex-token';
import { SandboxError } from '../errors';
import { findUser } from '../users';
import { clientId } from '../versions';

export async function token(ctx: Context, email: string, password: string | undefined): Promise<void> {
  const state = requireState(ctx);
  const pw = password ?? findUser(email)?.password;
  if (pw === undefined) throw new SandboxError(`${email} is not a sandbox user: pass --password`);
  const r = await passwordGrant({
    issuer: dexIssuer(state.ports.dex),
    caPem: readFileSync(ctx.l.pki.caCert, 'utf8'),
    clientId,
    clientSecret: state.clientSecret,
    username: email,
    password: pw,
  });
  if (!r.ok) throw new SandboxError(r.error);
  process.stdout.write(`${r.value.id_token}\n`);
}
