/**
 * The contract of `sandbox env --json` (docs/contracts.md), for the programs that read it: the BFF's
 * integration and security tests, the bench and e2e. `sandboxEnv` (sandbox-env.ts) writes it; a unit test
 * parses what it writes with this schema, so the two cannot drift apart.
 */
import { z } from 'zod';

export const sandboxEnvSchema = z.object({
  stateDir: z.string(),
  /** `real` (KServe's own controller manager); a sandbox the removed imitation made says `imitation`. */
  kserveMode: z.string().optional(),
  kubeconfig: z.string(),
  apiserverUrl: z.url(),
  caFile: z.string(),
  issuer: z.url(),
  clientId: z.string(),
  clientSecret: z.string(),
  gatewayUrl: z.url(),
  prometheusUrl: z.url().optional(),
  ingressDomain: z.string(),
  redirectPorts: z.array(z.number().int()),
  logins: z.array(z.object({ email: z.string(), password: z.string(), note: z.string() })),
  /** The BFF's environment for this sandbox (SERVEDECK_*). */
  bff: z.record(z.string(), z.string()),
});
export type SandboxEnv = z.infer<typeof sandboxEnvSchema>;

/** Parse the output of `sandbox env --json` (npm may print lines before the object). */
export function parseSandboxEnv(stdout: string): SandboxEnv {
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`sandbox env --json printed no JSON object: ${stdout.slice(0, 200)}`);
  return sandboxEnvSchema.parse(JSON.parse(stdout.slice(start)));
}
