import { z } from 'zod';
import { reasonForHttpStatus } from './http-reason';

/** One field-level cause, as Kubernetes reports it in `Status.details.causes`. */
export const fieldCauseSchema = z.object({
  reason: z.string().optional(),
  message: z.string(),
  field: z.string().optional(),
});
export type FieldCause = z.infer<typeof fieldCauseSchema>;

/**
 * The one error language of ServeDeck, from the apiserver through the BFF to the web app.
 * `reason` is a Kubernetes StatusReason (NotFound, Forbidden, Conflict, Invalid, ...) or one of ours
 * (Unauthenticated, CsrfRejected, BadRequest, UpstreamUnavailable, ...).
 */
export const apiErrorSchema = z.object({
  status: z.number().int(),
  reason: z.string(),
  message: z.string(),
  causes: z.array(fieldCauseSchema).default([]),
  /** For a 409 conflict: the live object, so the UI can show both versions. */
  live: z.unknown().optional(),
  requestId: z.string().optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** A Kubernetes `Status` object (kind: Status) as returned on failures. */
export const k8sStatusSchema = z.object({
  kind: z.literal('Status'),
  status: z.string().optional(),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().int().optional(),
  details: z
    .object({
      name: z.string().optional(),
      kind: z.string().optional(),
      causes: z
        .array(
          z.object({ reason: z.string().optional(), message: z.string().optional(), field: z.string().optional() }),
        )
        .optional(),
    })
    .optional(),
});

/** Turn whatever an apiserver answered with a failing HTTP status into an ApiError. */
export function apiErrorFromK8s(httpStatus: number, body: unknown): ApiError {
  const parsed = k8sStatusSchema.safeParse(body);
  if (!parsed.success) {
    return {
      status: httpStatus,
      reason: reasonForHttpStatus(httpStatus),
      message: typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : `Kubernetes answered ${httpStatus}`,
      causes: [],
    };
  }
  const s = parsed.data;
  return {
    status: s.code ?? httpStatus,
    reason: s.reason && s.reason.length > 0 ? s.reason : reasonForHttpStatus(httpStatus),
    message: s.message ?? `Kubernetes answered ${httpStatus}`,
    causes: (s.details?.causes ?? []).map((c) => ({
      ...(c.reason === undefined ? {} : { reason: c.reason }),
      message: c.message ?? c.reason ?? 'invalid',
      ...(c.field === undefined ? {} : { field: c.field }),
    })),
  };
}
