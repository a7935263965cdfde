import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseState, readProcessRecords, readState, type SandboxState, writeState } from '../src/state';

const valid: SandboxState = {
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  ports: { etcd: 2379, etcdPeer: 2380, dex: 5556, apiserver: 6443, gateway: 8081, kubelet: 10250 },
  kserveMode: 'real',
  clientSecret: 'abcdefghijklmnopqrstuvwx',
  components: {
    etcd: {
      pid: 42,
      argv: ['/bin/etcd', '--x'],
      port: 2379,
      startedAt: '2026-01-01T00:00:00.000Z',
      log: '/l/etcd.log',
    },
  },
};

describe('state.json', () => {
  it('round-trips through writeState/readState', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sbx-')), 'sub', 'state.json');
    expect(readState(file)).toBeUndefined();
    writeState(file, valid);
    expect(readState(file)).toEqual(valid);
  });
  it('names the offending field of an invalid state', () => {
    const bad = { ...valid, ports: { ...valid.ports, dex: 70000 } };
    const r = parseState(JSON.stringify(bad));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('ports.dex');
    expect(parseState('{nope').ok).toBe(false);
    expect(parseState(JSON.stringify({ ...valid, components: { bogus: {} } })).ok).toBe(false);
  });
  it('a state file from before the mode was recorded reads as the imitation (which `up` refuses)', () => {
    const { kserveMode: _mode, ...old } = valid;
    const r = parseState(JSON.stringify(old));
    expect(r.ok && r.value.kserveMode).toBe('imitation');
  });
  it('readState refuses an invalid file and tells to reset', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sbx-')), 'state.json');
    writeFileSync(file, JSON.stringify({ version: 1 }));
    expect(() => readState(file)).toThrow(/reset/);
  });
  it('still finds the process records of an old or partial state file (for down)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sbx-')), 'state.json');
    writeFileSync(file, JSON.stringify({ version: 0, components: { ...valid.components, dex: { pid: 'x' } } }));
    expect(readProcessRecords(file)).toEqual(valid.components);
    expect(readProcessRecords(join(tmpdir(), 'does-not-exist.json'))).toEqual({});
  });
});
