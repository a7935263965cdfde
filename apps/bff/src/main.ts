import { resolve } from 'node:path';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';

function main(): void {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`servedeck-bff: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const app = createApp({
    webDist: config.webDist ? resolve(config.webDist) : undefined,
    isReady: async () => true,
  });
  const server = app.listen(config.port, config.host, () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    process.stdout.write(`servedeck-bff listening on http://${config.host}:${port}\n`);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
