import { z } from 'zod';

export const authModeSchema = z.enum(['oidc', 'trusted-header', 'kubeconfig']);
export type AuthMode = z.infer<typeof authModeSchema>;

/** `GET /api/me`: who the user is. Never carries a token. */
export const meSchema = z.object({
  user: z.object({ name: z.string(), email: z.string().optional(), groups: z.array(z.string()) }),
  mode: authModeSchema,
  /** ISO time the session ends (or must be refreshed by); absent in kubeconfig mode. */
  expiresAt: z.string().optional(),
  /** Synchronizer token for the `x-csrf-token` header of mutating requests. */
  csrfToken: z.string(),
  /** Whether the password form is offered (sandbox). */
  passwordLogin: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

export const namespaceListSchema = z.object({ items: z.array(z.object({ name: z.string() })) });
export type NamespaceList = z.infer<typeof namespaceListSchema>;

export const dryRunSchema = z.enum(['All']);
export const fieldValidationSchema = z.enum(['Strict', 'Warn', 'Ignore']);
/** Query options accepted by every write route. */
export const writeOptionsSchema = z.object({
  dryRun: dryRunSchema.optional(),
  fieldValidation: fieldValidationSchema.optional(),
});
export type WriteOptions = z.infer<typeof writeOptionsSchema>;

/** Every write answers the object as the apiserver returned it and the apiserver's warnings. */
export const writeResultSchema = z.object({
  object: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()),
});
export type WriteResult = z.infer<typeof writeResultSchema>;

/** One server-sent event of a watch stream (`event: change`). RESYNC replaces the whole list. */
export const watchEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.enum(['ADDED', 'MODIFIED', 'DELETED']), object: z.record(z.string(), z.unknown()) }),
  z.object({
    type: z.literal('RESYNC'),
    items: z.array(z.record(z.string(), z.unknown())),
    resourceVersion: z.string(),
  }),
]);
export type WatchEvent = z.infer<typeof watchEventSchema>;

export const inferRouteSchema = z.enum(['gateway', 'cluster-local']);
export type InferRoute = z.infer<typeof inferRouteSchema>;
