import { z } from 'zod';

/*
 * List answers (objectListSchema, isvcResourcesSchema in wire.ts) may also carry `warnings: string[]`:
 * what could not be read (a 403 in one namespace of an all-namespaces list, say), partial data instead
 * of a failed page. Schemas that do not declare it simply drop it.
 */
export const partialWarningsSchema = z.array(z.string());

/** `POST /auth/password` body. */
export const passwordLoginSchema = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});
export type PasswordLogin = z.infer<typeof passwordLoginSchema>;

/** `POST /auth/logout` answer: where the browser should go next. */
export const logoutResultSchema = z.object({ redirectTo: z.string() });
export type LogoutResult = z.infer<typeof logoutResultSchema>;
