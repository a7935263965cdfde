import { type ApiError, admissionDenial } from '@servedeck/shared';
import type { TFunction } from 'i18next';
import { asApiError } from '@/lib/http';
import type { en } from './locales/en';

/** The BFF `reason` codes the app has its own sentence for; any other reason shows the server's text. */
export type KnownReason = keyof typeof en.errors.reasons;

export function isKnownReason(reason: string): reason is KnownReason {
  return Object.hasOwn(REASONS, reason);
}
const REASONS: Record<KnownReason, true> = {
  ClusterUnavailable: true,
  IssuerUnavailable: true,
  CsrfRejected: true,
  Conflict: true,
  AlreadyExists: true,
  Invalid: true,
  TooManyRequests: true,
  RequestEntityTooLarge: true,
  UpstreamUnavailable: true,
  BadGateway: true,
  GatewayTimeout: true,
  Timeout: true,
  ServiceUnavailable: true,
  GatewayLoginRequired: true,
  InternalError: true,
};

/** The translated sentence for a known reason, else undefined (show the server's message). */
export function reasonSentence(t: TFunction, reason: string | undefined): string | undefined {
  return reason && isKnownReason(reason) ? t(`errors.reasons.${reason}`) : undefined;
}

/**
 * A title and a next step for an error, in the user's language. `action` is a translated phrase from
 * `actions.*` ("list InferenceServices"); the server's own text stays in the detail, so nothing it said is lost.
 */
export function describeError(
  t: TFunction,
  error: unknown,
  what: { action: string; namespace?: string | undefined },
): { title: string; detail: string } {
  const e: ApiError | undefined = asApiError(error);
  const where = what.namespace
    ? what.namespace === '_all'
      ? t('errors.whereAll')
      : t('errors.where', { namespace: what.namespace })
    : '';
  if (!e)
    return {
      title: t('errors.failed', { action: what.action, where }),
      detail: error instanceof Error ? error.message : t('errors.unknown'),
    };
  const withId = e.requestId ? t('errors.withRequestId', { message: e.message, id: e.requestId }) : e.message;
  // An admission webhook's verdict on the object (KServe's validator answers 403): not a missing permission.
  const denial = e.status === 400 || e.status === 403 ? admissionDenial(e.message) : undefined;
  if (denial)
    return {
      title: t('errors.admissionDenied', { action: what.action, where, webhook: denial.webhook }),
      detail: e.requestId ? t('errors.withRequestId', { message: denial.reason, id: e.requestId }) : denial.reason,
    };
  switch (e.status) {
    case 0:
      return { title: t('errors.unreachable.title'), detail: t('errors.unreachable.detail') };
    case 401:
      // the BFF's own 401: the session is gone; any other is the cluster refusing the user's token
      return e.reason === 'Unauthenticated'
        ? { title: t('errors.expired.title'), detail: t('errors.expired.detail') }
        : { title: t('errors.clusterRefused.title'), detail: t('errors.clusterRefused.detail', { message: withId }) };
    case 403:
      return {
        title: t('errors.forbidden.title', { action: what.action, where }),
        detail: t('errors.forbidden.detail', { message: e.message }),
      };
    case 404:
      return {
        title: t('errors.notFound.title', { where }),
        detail: t('errors.notFound.detail', { message: e.message }),
      };
    default: {
      const sentence = reasonSentence(t, e.reason);
      return {
        title: sentence
          ? t('errors.failedBecause', { action: what.action, where, sentence })
          : t('errors.failedReason', { action: what.action, where, reason: e.reason }),
        detail: withId,
      };
    }
  }
}
