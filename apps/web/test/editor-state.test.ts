import { describe, expect, it } from 'vitest';
import {
  type EditorAction,
  type EditorState,
  editorReducer,
  initialEditorState,
} from '../src/features/yaml-editor/editor-state';

const run = (actions: EditorAction[], from: EditorState = initialEditorState) => actions.reduce(editorReducer, from);
const live = 'metadata:\n  name: a\n  resourceVersion: "1"\nspec: {}\n';
const mine = 'metadata:\n  name: a\n  resourceVersion: "1"\nspec: {x: 1}\n';
const theirs = 'metadata:\n  name: a\n  resourceVersion: "9"\nspec: {y: 2}\n';

describe('editorReducer', () => {
  it("takes the first live object as base, or this tab's draft when it differs", () => {
    expect(run([{ type: 'live', yaml: live }])).toMatchObject({ base: live, text: live, restored: false });
    expect(run([{ type: 'live', yaml: live, draft: mine }])).toMatchObject({ base: live, text: mine, restored: true });
    expect(run([{ type: 'live', yaml: live, draft: mine }, { type: 'discard-draft' }])).toMatchObject({
      text: live,
      restored: false,
    });
  });

  it('follows the live object until the user edits', () => {
    expect(
      run([
        { type: 'live', yaml: live },
        { type: 'live', yaml: theirs },
      ]),
    ).toMatchObject({ base: theirs, text: theirs });
    expect(
      run([
        { type: 'live', yaml: live },
        { type: 'edit', text: mine },
        { type: 'live', yaml: theirs },
      ]),
    ).toMatchObject({ base: live, text: mine });
  });

  it('goes editing → validating → review → applying → editing with the applied object as base', () => {
    const s = run([
      { type: 'live', yaml: live },
      { type: 'edit', text: mine },
      { type: 'validate' },
      { type: 'validated' },
    ]);
    expect(s.phase).toBe('review');
    const done = run([{ type: 'apply' }, { type: 'applied', yaml: mine, warnings: ['w1'] }], s);
    expect(done).toMatchObject({
      phase: 'editing',
      base: mine,
      text: mine,
      notice: { key: 'appliedWarnings', warnings: 'w1' },
    });
  });

  it('an edit during review goes back to editing and drops the server problems and notice', () => {
    const problem = {
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      severity: 'error' as const,
      message: 'x',
      source: 's',
    };
    const s = run([
      { type: 'live', yaml: live },
      { type: 'edit', text: mine },
      { type: 'validate' },
      { type: 'failed', server: [problem], notice: { text: 'Invalid' } },
    ]);
    expect(s).toMatchObject({ phase: 'editing', server: [problem], notice: { text: 'Invalid' } });
    expect(run([{ type: 'validated' }, { type: 'edit', text: live }], s)).toMatchObject({
      phase: 'editing',
      server: [],
      notice: undefined,
    });
  });

  it('on a conflict: keep mine carries their resourceVersion; take theirs drops mine; merged text is used', () => {
    const c = run([
      { type: 'live', yaml: live },
      { type: 'edit', text: mine },
      { type: 'apply' },
      { type: 'conflict', theirs, rv: '9' },
    ]);
    expect(c).toMatchObject({ phase: 'conflict', merged: mine });
    expect(run([{ type: 'keep-mine' }], c)).toMatchObject({
      phase: 'editing',
      base: theirs,
      text: mine.replace('"1"', '"9"'),
    });
    expect(run([{ type: 'take-theirs' }], c)).toMatchObject({ phase: 'editing', base: theirs, text: theirs });
    const merged = 'metadata:\n  name: a\n  resourceVersion: "1"\nspec: {x: 1, y: 2}\n';
    expect(run([{ type: 'merge-edit', text: merged }, { type: 'use-merged' }], c)).toMatchObject({
      base: theirs,
      text: merged.replace('"1"', '"9"'),
      notice: { key: 'merged' },
    });
  });

  it('the same text again is no edit: the applied notice and the review stay', () => {
    const applied = run([
      { type: 'live', yaml: live },
      { type: 'edit', text: mine },
      { type: 'apply' },
      { type: 'applied', yaml: mine, warnings: [] },
    ]);
    expect(run([{ type: 'edit', text: mine }], applied)).toBe(applied);
    const review = run([
      { type: 'live', yaml: live },
      { type: 'edit', text: mine },
      { type: 'validate' },
      { type: 'validated' },
    ]);
    expect(run([{ type: 'edit', text: mine }], review).phase).toBe('review');
  });
});
