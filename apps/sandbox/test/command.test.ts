import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/command';

describe('parseCommand', () => {
  it('passes kubectl arguments through, with or without a leading --', () => {
    expect(parseCommand(['kubectl', '--', 'get', 'ns', '-o', 'yaml'])).toEqual({
      ok: true,
      value: { name: 'kubectl', args: ['get', 'ns', '-o', 'yaml'] },
    });
    expect(parseCommand(['--', 'kubectl', 'version'])).toEqual({
      ok: true,
      value: { name: 'kubectl', args: ['version'] },
    });
  });
  it('reads token EMAIL and an optional --password', () => {
    expect(parseCommand(['token', 'user@example.com'])).toEqual({
      ok: true,
      value: { name: 'token', email: 'user@example.com' },
    });
    expect(parseCommand(['token', 'a@b.c', '--password', 'x y'])).toEqual({
      ok: true,
      value: { name: 'token', email: 'a@b.c', password: 'x y' },
    });
    expect(parseCommand(['token', '--password=p', 'a@b.c'])).toEqual({
      ok: true,
      value: { name: 'token', email: 'a@b.c', password: 'p' },
    });
    expect(parseCommand(['token'])).toEqual({ ok: false, error: 'token: missing EMAIL' });
    expect(parseCommand(['token', 'a@b.c', '--password'])).toEqual({
      ok: false,
      error: 'token: --password needs a value',
    });
  });
  it('reads --json for env and status and rejects other arguments', () => {
    expect(parseCommand(['env', '--json'])).toEqual({ ok: true, value: { name: 'env', json: true } });
    expect(parseCommand(['status'])).toEqual({ ok: true, value: { name: 'status', json: false } });
    expect(parseCommand(['up', '--fast'])).toEqual({ ok: false, error: "up: unexpected argument '--fast'" });
  });
  it('rejects unknown or missing commands', () => {
    expect(parseCommand([])).toEqual({ ok: false, error: 'missing command' });
    expect(parseCommand(['launch'])).toEqual({ ok: false, error: "unknown command 'launch'" });
  });
});
