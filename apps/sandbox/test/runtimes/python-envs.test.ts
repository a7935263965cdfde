import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moveIntoPlace, requirementsFile, shortHash, venvLocation } from '../../src/runtimes/python-envs';

describe('venvLocation', () => {
  it('names the venv after the requirements content hash', () => {
    const a = venvLocation('/cache', 'kserve', 'kserve==0.21.0\n');
    expect(a.requirementsHash).toMatch(/^[0-9a-f]{12}$/);
    expect(a.dir).toBe(`/cache/venv/kserve-${a.requirementsHash}`);
    expect(a.python).toBe(`${a.dir}/bin/python`);
    expect(venvLocation('/cache', 'kserve', 'kserve==0.21.0\n')).toEqual(a);
  });
  it('moves to a new folder when the requirements change', () => {
    const a = venvLocation('/cache', 'mlserver', 'mlserver==1.7.1\n');
    const b = venvLocation('/cache', 'mlserver', 'mlserver==1.7.2\n');
    expect(a.dir).not.toBe(b.dir);
    expect(shortHash('x')).toBe(shortHash(Buffer.from('x')));
  });
});

describe('requirements files', () => {
  for (const name of ['kserve', 'mlserver'] as const) {
    it(`${name}: every requirement is pinned exactly`, () => {
      const lines = readFileSync(requirementsFile(name), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
      expect(lines.length).toBeGreaterThan(10);
      for (const line of lines) expect(line).toMatch(/^[A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+$/);
    });
  }
  it('pins the versions the sandbox is built for', () => {
    const kserve = readFileSync(requirementsFile('kserve'), 'utf8');
    const mlserver = readFileSync(requirementsFile('mlserver'), 'utf8');
    expect(kserve).toMatch(/^kserve==0\.21\.0$/m);
    expect(kserve).toMatch(/^scikit-learn==/m);
    expect(kserve).toMatch(/^xgboost-cpu==/m);
    expect(kserve).toMatch(/^lightgbm==/m);
    expect(kserve).not.toMatch(/^nvidia-/m);
    expect(mlserver).toMatch(/^mlserver==1\.7\.1$/m);
    expect(mlserver).toMatch(/^mlserver-sklearn==1\.7\.1$/m);
    expect(mlserver).not.toMatch(/^kserve==/m);
  });
});

describe('moveIntoPlace', () => {
  const scratch = () => mkdtempSync(join(tmpdir(), 'servedeck-move-'));
  const build = (dir: string, content: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'marker'), content);
  };

  it('renames a finished build into place', async () => {
    const root = scratch();
    build(join(root, '.tmp'), 'new');
    await moveIntoPlace(join(root, '.tmp'), join(root, 'final'), () => false);
    expect(readFileSync(join(root, 'final', 'marker'), 'utf8')).toBe('new');
    expect(readdirSync(root)).toEqual(['final']);
  });
  it('keeps a complete folder another process put there first', async () => {
    const root = scratch();
    build(join(root, 'final'), 'theirs');
    build(join(root, '.tmp'), 'ours');
    await moveIntoPlace(join(root, '.tmp'), join(root, 'final'), () => true);
    expect(readFileSync(join(root, 'final', 'marker'), 'utf8')).toBe('theirs');
  });
  it('replaces a leftover folder that is not complete', async () => {
    const root = scratch();
    build(join(root, 'final'), 'broken');
    build(join(root, '.tmp'), 'ours');
    await moveIntoPlace(join(root, '.tmp'), join(root, 'final'), () => false);
    expect(readFileSync(join(root, 'final', 'marker'), 'utf8')).toBe('ours');
  });
});
