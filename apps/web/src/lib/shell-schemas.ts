/**
 * The schemas the app's shell checks answers with (session, namespaces, sign-out, error bodies). The shell
 * loads this module with its first answer instead of importing it: zod and the schemas are then a chunk the
 * pages share, not part of the first script (docs/performance.md "Web app weight").
 */
export { apiErrorSchema, logoutResultSchema, meSchema, namespaceListSchema } from '@servedeck/shared';
