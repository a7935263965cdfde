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
    login = await oidc.passwordGrant(parsed.data.email, parsed.data.password);
  } catch (err) {
    if (err instanceof client.ResponseBodyError && err.status < 500) {
      throw apiError(401, 'InvalidCredentials', 'Wrong email or password');
    }
    throw apiError(503, 'IssuerUnavailable', 'The identity provider is not reachable');
  }
  await establishSession(req, login);
}
