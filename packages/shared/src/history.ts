import { z } from 'zod';

/**
 * Spec history of an InferenceService (docs/history.md): one ConfigMap per revision in the object's namespace,
 * owned by the InferenceService, labelled with its name; written only by ServeDeck, as the user.
 */
export const HISTORY_LABEL = 'servedeck.dev/history-of';
export const HISTORY_REVISION_LABEL = 'servedeck.dev/revision';
/** The field manager ServeDeck's writes carry; every other manager is "outside ServeDeck". */
export const SERVEDECK_FIELD_MANAGER = 'servedeck';
/** Revisions kept per InferenceService; older ones are deleted when a new one is recorded. */
export const HISTORY_KEEP = 50;

export const historyOperationSchema = z.enum(['create', 'update', 'restore']);
export type HistoryOperation = z.infer<typeof historyOperationSchema>;

export const historyRevisionSchema = z.object({
  revision: z.number().int().positive(),
  operation: historyOperationSchema,
  author: z.string(),
  /** RFC 3339 time ServeDeck recorded the revision (right after the write). */
  time: z.string(),
  resourceVersion: z.string(),
  generation: z.number().int().nonnegative(),
  /** For a restore: the revision restored. */
  restoredFrom: z.number().int().positive().optional(),
  spec: z.record(z.string(), z.unknown()),
});
export type HistoryRevision = z.infer<typeof historyRevisionSchema>;

/** One managedFields entry of a manager other than ServeDeck. */
export const outsideChangeSchema = z.object({
  manager: z.string(),
  operation: z.string(),
  time: z.string().optional(),
  subresource: z.string().optional(),
  /** Dotted paths of the fields this manager owns (e.g. spec.predictor.minReplicas). */
  fields: z.array(z.string()),
});
export type OutsideChange = z.infer<typeof outsideChangeSchema>;

export const historySchema = z.object({
  /** False when the user may not read (or write) ConfigMaps here: history is off for the namespace. */
  enabled: z.boolean(),
  disabledReason: z.string().optional(),
  disabledMessage: z.string().optional(),
  revisions: z.array(historyRevisionSchema),
  outside: z.array(outsideChangeSchema),
  /** The live object's generation, and whether it moved past the newest revision (a change outside ServeDeck). */
  generation: z.number().int().nonnegative(),
  resourceVersion: z.string(),
  changedOutside: z.boolean(),
});
export type History = z.infer<typeof historySchema>;

/** What a write through ServeDeck says about its history record. */
export const historyRecordSchema = z.union([
  z.object({ recorded: z.literal(true), revision: z.number().int().positive() }),
  z.object({ recorded: z.literal(false), reason: z.string(), message: z.string() }),
]);
export type HistoryRecord = z.infer<typeof historyRecordSchema>;

export const restoreQuerySchema = z.object({ dryRun: z.enum(['true', 'false']).default('true') });
/** The resourceVersion the user saw (the conflict check, as in the editor); without it, the live one. */
export const restoreBodySchema = z.object({ resourceVersion: z.string().min(1).optional() }).strict();
export type RestoreBody = z.infer<typeof restoreBodySchema>;

export const restoreResultSchema = z.object({
  object: z.record(z.string(), z.unknown()),
  warnings: z.array(z.string()).default([]),
  dryRun: z.boolean(),
  /** The live object's spec the restore replaces, for the diff. */
  before: z.record(z.string(), z.unknown()),
  history: historyRecordSchema.optional(),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;

const enc = encodeURIComponent;
export const historyPaths = {
  /** GET: revisions and changes outside ServeDeck. */
  history: (ns: string, name: string) => `/api/namespaces/${enc(ns)}/inferenceservices/${enc(name)}/history`,
  /** POST: put revision `rev`'s spec back. Query: dryRun=true|false; body: { resourceVersion }. */
  restore: (ns: string, name: string, rev: number) => `${historyPaths.history(ns, name)}/${rev}/restore`,
} as const;
