import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../logger';
import { HttpApiError, sendApiError } from './api-error';

type BodyParserError = Error & { type?: string; status?: number; expose?: boolean };

/** Every error leaves as an ApiError; unknown ones as a 500 with the request id and no internals. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const requestId = typeof req.id === 'string' ? req.id : undefined;
    if (err instanceof HttpApiError) {
      if (err.apiError.status >= 500) logger.warn({ requestId, apiError: err.apiError }, 'request failed');
      sendApiError(res, err.apiError, requestId);
      return;
    }
    const e = err as BodyParserError;
    if (e && typeof e === 'object' && typeof e.type === 'string' && typeof e.status === 'number' && e.status < 500) {
      const reason =
        e.status === 413 ? 'RequestEntityTooLarge' : e.status === 415 ? 'UnsupportedMediaType' : 'BadRequest';
      const message = e.type === 'entity.parse.failed' ? 'The JSON body is not valid' : (e.message ?? 'Bad request');
      sendApiError(res, { status: e.status, reason, message, causes: [] }, requestId);
      return;
    }
    logger.error({ err, requestId }, 'unhandled error');
    sendApiError(res, { status: 500, reason: 'InternalError', message: 'Internal error', causes: [] }, requestId);
  };
}
