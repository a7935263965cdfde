import type { ApiError } from '@servedeck/shared';
import { asApiError } from './http';

/** A title and a next step for an error, in words a user can act on. */
export function describeError(
  error: unknown,
  what: { action: string; namespace?: string | undefined },
): { title: string; detail: string } {
  const e: ApiError | undefined = asApiError(error);
  const nsText = what.namespace ? ` in ${what.namespace === '_all' ? 'all namespaces' : what.namespace}` : '';
  if (!e)
    return {
      title: `Could not ${what.action}${nsText}`,
      detail: error instanceof Error ? error.message : 'Unknown error',
    };
  switch (e.status) {
    case 0:
      return {
        title: 'The server could not be reached',
        detail: 'Check your connection; the page retries when you press Retry.',
      };
    case 401:
      return { title: 'Your session has expired', detail: 'Sign in again to continue.' };
    case 403:
      return {
        title: `You cannot ${what.action}${nsText}`,
        detail: `Kubernetes refused it (${e.message}). Ask a namespace admin for access, or pick another namespace.`,
      };
    case 404:
      return { title: `Not found${nsText}`, detail: `${e.message}. It may have been deleted; go back to the list.` };
    default:
      return {
        title: `Could not ${what.action}${nsText} (${e.reason})`,
        detail: `${e.message}${e.requestId ? ` — request id ${e.requestId}` : ''}`,
      };
  }
}
