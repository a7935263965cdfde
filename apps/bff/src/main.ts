import { realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app';
import { type Config, ConfigError, loadConfig } from './config';
import { leanPathFirst } from './inference/lean-path';
import { probeApiserver } from './k8s/client';
import { KubeconfigError } from './k8s/kubeconfig';
import { readinessGate } from './k8s/readiness';
import { createLogger } from './logger';
import { startMetricsServer } from './metrics-server';
import { buildServices } from './services';

export type RunningBff = {
  url: string /** ServeDeck's own /metrics, when SERVEDECK_METRICS_PORT is set. */;
  metricsUrl?: string;
  stop(): Promise<void>;
};

/** Start the BFF (also used in-process by the integration tests). */
export async function startBff(config: Config): Promise<RunningBff> {
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const services = await buildServices(config, logger);
  let shuttingDown = false;
  const apiserverReached = readinessGate(() => probeApiserver(services.cluster));
  const app = createApp({
    webDist: config.webDist ? resolve(config.webDist) : undefined,
    isReady: async () => !shuttingDown && (await apiserverReached()),
    services,
  });
  // inference requests run the lean path before Express's router (lean-path.ts leanPathFirst)
  const server = createServer(leanPathFirst(app)).listen(config.port, config.host);
  // Longer than the idle timeout of proxies in front of us (nginx, Envoy: 60 s), so a reused
  // connection is never closed under a request in flight.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((ok, fail) => {
    server.once('listening', ok);
    server.once('error', fail);
  });
  server.keepAliveTimeout = 65_000;
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host}:${port}`;
  logger.info(
    {
      url,
      mode: config.authMode,
      cluster: {
        name: config.clusterName ?? services.cluster.contextName ?? 'in-cluster',
        server: services.cluster.server,
        credentials: services.cluster.serviceCredentials.kind,
      },
    },
    'servedeck-bff listening',
  );
  const metricsServer = config.metricsListen
    ? await startMetricsServer(services.metrics, config.metricsListen.host, config.metricsListen.port)
    : undefined;
  if (metricsServer) logger.info({ url: `${metricsServer.url}/metrics` }, 'servedeck-bff metrics listening');

  /** Readiness off, end SSE streams and watches, stop accepting, drain, close upstream pools. */
  const stop = async (): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    services.streams.closeAll();
    services.hub.stopAll();
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeIdleConnections();
      setTimeout(() => {
        server.closeAllConnections();
        done();
      }, 10_000).unref();
    });
    metricsServer?.server.close();
    await services.close();
    logger.info('servedeck-bff stopped');
  };
  return { url, ...(metricsServer ? { metricsUrl: `${metricsServer.url}/metrics` } : {}), stop };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`servedeck-bff: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const bff = await startBff(config);
  process.stdout.write(`servedeck-bff listening on ${bff.url}\n`);
  const onSignal = (): void => {
    void bff.stop().then(() => process.exit(0));
    setTimeout(() => process.exit(1), 15_000).unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Run when executed (node dist/main.js, tsx src/main.ts), not when imported (tests). */
function isEntry(): boolean {
  const argv1 = process.argv[1];
  if (!argv1) return false;
  try {
    return realpathSync(argv1) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (isEntry()) {
  main().catch((err: unknown) => {
    process.stderr.write(`servedeck-bff: ${err instanceof Error ? err.message : String(err)}\n`);
    // a kubeconfig it cannot use is a configuration error, like a bad variable
    process.exit(err instanceof KubeconfigError ? 2 : 1);
  });
}
