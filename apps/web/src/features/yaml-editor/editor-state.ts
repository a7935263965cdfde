import type { HistoryRecord } from '@servedeck/shared';
import { withResourceVersion } from './editable-yaml';
import type { EditorProblem } from './problems';

/**
 * The edit-an-InferenceService flow as a pure state machine; IsvcYamlEditor is a view over it and runs the
 * requests. Phases: editing → validating (dry run) → review (diff) → applying → editing, and conflict (409)
 * from validating or applying, left by keeping mine, taking theirs or merging.
 */
export type Phase = 'editing' | 'validating' | 'review' | 'applying' | 'conflict';

/**
 * What the editor tells the user: a message of the reducer's own (`key`, translated by the view from
 * `editor.notice.*`), or a text the view already made (translated, or the server's words).
 */
export type EditorNotice =
  | { key: 'conflictUnreadable' | 'keptMine' | 'tookTheirs' | 'merged' }
  /** After an apply: what the spec history made of it (the write answer's `history`), when it said. */
  | { key: 'applied'; history?: HistoryRecord }
  | { key: 'appliedWarnings'; warnings: string; history?: HistoryRecord }
  | { text: string };

export type EditorState = {
  /** The live object as editable YAML (what "Revert" goes back to and the diff's left side); undefined until read. */
  base: string | undefined;
  /** The user's text; undefined until the live object was read. */
  text: string | undefined;
  /** The text came from a draft saved in this tab. */
  restored: boolean;
  phase: Phase;
  /** Errors of the last server answer, at their fields' lines (or unlocated: about the whole object). */
  server: EditorProblem[];
  notice: EditorNotice | undefined;
  /** On a conflict: their version and its resourceVersion, and the text being merged by hand. */
  theirs: { text: string; rv: string | undefined } | undefined;
  merged: string;
};

export type EditorAction =
  /** The live object as YAML (first read, or a change made elsewhere); `draft` is this tab's saved text. */
  | { type: 'live'; yaml: string; draft?: string | undefined }
  | { type: 'edit'; text: string }
  | { type: 'revert' }
  | { type: 'discard-draft' }
  | { type: 'refuse'; notice: EditorNotice }
  | { type: 'validate' }
  | { type: 'validated' }
  | { type: 'back' }
  | { type: 'apply' }
  | { type: 'applied'; yaml: string; warnings: string[]; history?: HistoryRecord | undefined }
  | { type: 'failed'; server: EditorProblem[]; notice: EditorNotice }
  | { type: 'conflict'; theirs: string; rv: string | undefined }
  | { type: 'conflict-unreadable' }
  | { type: 'merge-edit'; text: string }
  | { type: 'keep-mine' }
  | { type: 'take-theirs' }
  | { type: 'use-merged' };

export const initialEditorState: EditorState = {
  base: undefined,
  text: undefined,
  restored: false,
  phase: 'editing',
  server: [],
  notice: undefined,
  theirs: undefined,
  merged: '',
};

/** The user changed the text: server problems and notices are about the old text. */
function edited(s: EditorState, text: string): EditorState {
  return { ...s, text, server: [], notice: undefined, phase: s.phase === 'review' ? 'editing' : s.phase };
}

/** Leave a conflict with `text` on top of their version. */
function resolved(s: EditorState, text: string, notice: EditorNotice): EditorState {
  if (!s.theirs) return s;
  return { ...edited({ ...s, base: s.theirs.text }, text), phase: 'editing', notice };
}

export function editorReducer(s: EditorState, a: EditorAction): EditorState {
  switch (a.type) {
    case 'live':
      if (s.base === undefined) {
        const restored = a.draft !== undefined && a.draft !== a.yaml;
        return { ...s, base: a.yaml, text: restored ? a.draft : a.yaml, restored };
      }
      // Follow the live object while the user has not changed anything.
      if (s.text === s.base && a.yaml !== s.base && s.phase === 'editing') return { ...s, base: a.yaml, text: a.yaml };
      return s;
    case 'edit':
      // Monaco reports the text we pushed into it (after an apply, a conflict, the live object) as a change:
      // the same text is no edit, and must not clear the notice ("Applied.") or leave the review.
      return a.text === s.text ? s : edited(s, a.text);
    case 'revert':
      return s.base === undefined ? s : edited(s, s.base);
    case 'discard-draft':
      return s.base === undefined ? s : { ...s, text: s.base, restored: false };
    case 'refuse':
      return { ...s, notice: a.notice };
    case 'validate':
      return { ...s, phase: 'validating', notice: undefined };
    case 'validated':
      return { ...s, phase: 'review' };
    case 'back':
      return { ...s, phase: 'editing' };
    case 'apply':
      return { ...s, phase: 'applying' };
    case 'applied':
      return {
        ...s,
        base: a.yaml,
        text: a.yaml,
        restored: false,
        phase: 'editing',
        notice: {
          ...(a.warnings.length ? { key: 'appliedWarnings', warnings: a.warnings.join('; ') } : { key: 'applied' }),
          ...(a.history ? { history: a.history } : {}),
        },
      };
    case 'failed':
      return { ...s, phase: 'editing', server: a.server, notice: a.notice };
    case 'conflict':
      return { ...s, phase: 'conflict', theirs: { text: a.theirs, rv: a.rv }, merged: s.text ?? '' };
    case 'conflict-unreadable':
      return {
        ...s,
        phase: 'editing',
        notice: { key: 'conflictUnreadable' },
      };
    case 'merge-edit':
      return { ...s, merged: a.text };
    case 'keep-mine':
      return resolved(s, s.theirs?.rv ? withResourceVersion(s.text ?? '', s.theirs.rv) : (s.text ?? ''), {
        key: 'keptMine',
      });
    case 'take-theirs':
      return resolved(s, s.theirs?.text ?? '', { key: 'tookTheirs' });
    case 'use-merged':
      return resolved(s, s.theirs?.rv ? withResourceVersion(s.merged, s.theirs.rv) : s.merged, { key: 'merged' });
  }
}
