import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';

function sink(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    text: () => chunks.join(''),
  };
}

describe('log format', () => {
  it('json (the default, production): one JSON object a line', () => {
    const out = sink();
    createLogger('info', out.stream).info({ requestId: 'r1' }, 'servedeck-bff listening');
    const line = JSON.parse(out.text().trim());
    expect(line).toMatchObject({
      level: 30,
      msg: 'servedeck-bff listening',
      requestId: 'r1',
      service: 'servedeck-bff',
    });
  });

  it('pretty (npm start at a terminal): time, level and message a person can read, secrets still redacted', () => {
    const out = sink();
    createLogger('info', out.stream, 'pretty').warn(
      { requestId: 'r1', req: { headers: { authorization: 'Bearer eyJsecret' } } },
      'request failed',
    );
    const text = out.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: request failed/);
    expect(text).toContain('"requestId":"r1"');
    expect(text).not.toContain('eyJsecret');
    expect(() => JSON.parse(text)).toThrow();
  });

  it('SERVEDECK_LOG_FORMAT is json unless set; anything else is refused', () => {
    const base = { SERVEDECK_AUTH_MODE: 'kubeconfig', SERVEDECK_KUBECONFIG: '/x' };
    expect(loadConfig(base).logFormat).toBe('json');
    expect(loadConfig({ ...base, SERVEDECK_LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(() => loadConfig({ ...base, SERVEDECK_LOG_FORMAT: 'colour' })).toThrow(/SERVEDECK_LOG_FORMAT/);
  });
});
