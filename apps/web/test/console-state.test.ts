import { describe, expect, it } from 'vitest';
import {
  type ConsoleAction,
  type ConsoleState,
  consoleReducer,
  initialConsoleState,
} from '../src/features/console/console-state';
import type { HistoryEntry } from '../src/features/console/history-store';

const run = (actions: ConsoleAction[], from: ConsoleState = initialConsoleState()) =>
  actions.reduce(consoleReducer, from);
const entry: HistoryEntry = {
  at: '2026-12-06T01:00:00Z',
  ns: 'team',
  name: 'b',
  op: 'v2-infer',
  route: 'cluster-local',
  model: 'b-model',
  payload: '{"inputs":[]}',
  status: 200,
  totalMs: 12,
};
const targetA: Extract<ConsoleAction, { type: 'target' }> = {
  type: 'target',
  key: 'team/a',
  uid: 'ua',
  op: 'v1-predict',
  model: 'a',
};
const targetB: Extract<ConsoleAction, { type: 'target' }> = {
  type: 'target',
  key: 'team/b',
  uid: 'ub',
  op: 'v1-predict',
  model: 'b',
};

describe('consoleReducer', () => {
  it('a new target sets its defaults; the same target again changes nothing', () => {
    const s = run([targetA, { type: 'payload', text: '{}' }]);
    expect(s).toMatchObject({ op: 'v1-predict', model: 'a', payload: '{}', edited: true });
    expect(consoleReducer(s, targetA)).toBe(s);
    expect(run([{ type: 'target', key: 'team/a', uid: 'ua2', op: 'v2-infer', model: 'a' }], s)).toMatchObject({
      op: 'v2-infer',
      edited: false,
    });
  });

  it('replays an entry of another InferenceService once the page has switched to it, over its defaults', () => {
    const waiting = run([targetA, { type: 'replay', entry }]);
    expect(waiting).toMatchObject({ op: 'v1-predict', model: 'a', pending: entry });
    expect(run([targetB], waiting)).toMatchObject({
      op: 'v2-infer',
      route: 'cluster-local',
      model: 'b-model',
      payload: entry.payload,
      edited: true,
      pending: undefined,
    });
  });

  it('replays an entry of the current InferenceService at once; a template no longer replaces its payload', () => {
    const s = run([targetB, { type: 'replay', entry }, { type: 'template', payload: '{"x":1}', hint: 'h' }]);
    expect(s).toMatchObject({ model: 'b-model', payload: entry.payload, edited: true, pending: undefined });
  });

  it('a pending replay for an InferenceService that never comes is dropped on the next target', () => {
    expect(run([targetA, { type: 'replay', entry }, targetA, { ...targetA, uid: 'other' }])).toMatchObject({
      pending: undefined,
      model: 'a',
    });
  });

  it('templates fill the payload until the user edits; reset goes back to templates', () => {
    const s = run([targetA, { type: 'template', payload: 't1', hint: 'from metadata' }]);
    expect(s).toMatchObject({ payload: 't1', hint: 'from metadata' });
    const e = run(
      [
        { type: 'payload', text: 'mine' },
        { type: 'template', payload: 't2' },
      ],
      s,
    );
    expect(e.payload).toBe('mine');
    expect(run([{ type: 'reset-template' }, { type: 'template', payload: 't2' }], e).payload).toBe('t2');
  });

  it('a send clears the last answer; streaming text shows until settled', () => {
    const s = run([targetA, { type: 'failed', error: 'boom' }, { type: 'send' }, { type: 'chunk', text: 'Hel' }]);
    expect(s).toMatchObject({ busy: true, error: undefined, streaming: 'Hel' });
    expect(run([{ type: 'settled' }], s)).toMatchObject({ busy: false, streaming: undefined });
  });
});
