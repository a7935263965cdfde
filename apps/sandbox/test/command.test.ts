import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/command';

describe('parseCommand', () => {
  it('accepts known commands and passes arguments through', () => {
    expect(parseCommand(['kubectl', '--', 'get', 'ns'])).toEqual({
      ok: true,
      value: { name: 'kubectl', args: ['get', 'ns'] },
    });
    expect(parseCommand(['token', 'user@example.com'])).toEqual({
      ok: true,
      value: { name: 'token', args: ['user@example.com'] },
    });
  });
  it('rejects unknown or missing commands', () => {
    expect(parseCommand([])).toEqual({ ok: false, error: 'missing command' });
    expect(parseCommand(['launch'])).toEqual({ ok: false, error: "unknown command 'launch'" });
  });
});
