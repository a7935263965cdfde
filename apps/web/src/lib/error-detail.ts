import { asApiError } from '@/lib/http';

/** The server's reason and message of a failed call (nothing it said is lost), else the error's own text. */
export function errorDetail(error: unknown): string {
  const e = asApiError(error);
  if (e) return `${e.reason}: ${e.message}`;
  return error instanceof Error ? error.message : String(error);
}
