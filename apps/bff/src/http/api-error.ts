import { type ApiError, reasonForHttpStatus } from '@servedeck/shared';
import type { Response } from 'express';

/** An error that is already an ApiError: thrown by handlers, sent as-is by the error middleware. */
export class HttpApiError extends Error {
  override name = 'HttpApiError';
  constructor(readonly apiError: ApiError) {
    super(apiError.message);
  }
}

export function apiError(
  status: number,
  reason: string,
  message: string,
  extra: Partial<Pick<ApiError, 'causes' | 'live'>> = {},
): HttpApiError {
  return new HttpApiError({ status, reason, message, causes: extra.causes ?? [], ...pickLive(extra) });
}

function pickLive(extra: Partial<Pick<ApiError, 'live'>>): Pick<ApiError, 'live'> {
  return extra.live === undefined ? {} : { live: extra.live };
}

export function sendApiError(res: Response, err: ApiError, requestId: string | undefined): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = err.status >= 400 && err.status <= 599 ? err.status : 500;
  res
    .status(status)
    .type('application/json')
    .json({ ...err, reason: err.reason || reasonForHttpStatus(status), ...(requestId ? { requestId } : {}) });
}
