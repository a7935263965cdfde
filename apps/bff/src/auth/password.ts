import { passwordLoginSchema } from '@servedeck/shared';
import type { Request } from 'express';
import * as client from 'openid-client';
import { apiError } from '../http/api-error';
import { establishSession } from './establish';
import type { Oidc } from './oidc';

/**
 * `POST /auth/password {email, password}`: Dex's password grant (needs `oauth2.passwordConnector`),
 * for the sandbox and API tests only (SERVEDECK_PASSWORD_LOGIN=true). Same session as the code flow.
 */
export async function passwordLogin(req: Request, oidc: Oidc): Promise<void> {
  const parsed = passwordLoginSchema.safeParse(req.body);
  if (!parsed.success) throw apiError(400, 'BadRequest', 'Send {"email": ..., "password": ...}');
  let login: Awaited<ReturnType<Oidc['passwordGrant']>>;
  try {
    login = await grantWithRetry(oidc, parsed.data.email, parsed.data.password);
  } catch (err) {
    if (err instanceof client.ResponseBodyError && err.status < 500) {
      throw apiError(401, 'InvalidCredentials', 'Wrong email or password');
    }
    throw apiError(503, 'IssuerUnavailable', 'The identity provider is not reachable');
  }
  await establishSession(req, login);
}

/** Waits before the second and third try of a password grant the issuer failed with `server_error`. */
const SERVER_ERROR_RETRY_MS = [100, 300] as const;

/**
 * Dex answers 500 `server_error` when its storage refuses an update of the user's offline session because another
 * login of the same user updated it at the same moment ("concurrent conflicting update", etcd storage). A password
 * grant consumes nothing (unlike an authorization code), so it is tried again, twice at most.
 */
async function grantWithRetry(oidc: Oidc, email: string, password: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await oidc.passwordGrant(email, password);
    } catch (err) {
      const wait = SERVER_ERROR_RETRY_MS[attempt];
      if (wait === undefined || !isServerError(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function isServerError(err: unknown): boolean {
  return err instanceof client.ResponseBodyError && err.status >= 500 && err.error === 'server_error';
}
