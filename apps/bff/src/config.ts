import { z } from 'zod';

/** Every setting the BFF reads from its environment, validated once at start-up. */
const envSchema = z.object({
  SERVEDECK_HOST: z.string().default('127.0.0.1'),
  SERVEDECK_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SERVEDECK_WEB_DIST: z.string().optional(),
  SERVEDECK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  host: string;
  port: number;
  webDist: string | undefined;
  logLevel: z.infer<typeof envSchema>['SERVEDECK_LOG_LEVEL'];
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parse the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    host: e.SERVEDECK_HOST,
    port: e.SERVEDECK_PORT,
    webDist: e.SERVEDECK_WEB_DIST,
    logLevel: e.SERVEDECK_LOG_LEVEL,
  };
}
