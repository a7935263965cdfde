import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Paths pino must never print: credentials in requests, responses and our own objects. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.idToken',
  '*.refreshToken',
  '*.accessToken',
  '*.password',
];

/** `json`: one JSON object a line (production, files, log collectors); `pretty`: for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

/**
 * The BFF's logger. `pretty` formats in-process (pino-pretty as a stream, no worker thread: the BFF is
 * one bundled file), one line per entry: time, level, message, then the fields.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, format: LogFormat = 'json'): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'servedeck-bff' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (format === 'pretty') {
    const colorize = destination === undefined && process.stdout.isTTY === true;
    const stream = pretty({
      colorize,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,service',
      singleLine: true,
      sync: true,
      ...(destination ? { destination } : {}),
    });
    return pino(options, stream);
  }
  return pino(options, destination);
}

export type { Logger };
