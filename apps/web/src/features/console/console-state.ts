import type { InferOperation, InferRoute } from '@servedeck/shared';
import type { InferResult } from './api/infer';
import type { HistoryEntry } from './history-store';

/**
 * The test console's form and last exchange as a pure reducer; ConsolePage is a view over it and runs the
 * requests. Replaying a history entry of another InferenceService is kept `pending` until the page has
 * switched to that InferenceService (its `target` action), then applied over the defaults.
 */
export type ConsoleState = {
  /** The InferenceService the form is for: `namespace/name` and its uid (a re-created one starts afresh). */
  target: { key: string; uid: string | undefined } | undefined;
  op: InferOperation['id'];
  route: InferRoute;
  model: string;
  payload: string;
  /** The user changed the payload: templates no longer replace it. */
  edited: boolean;
  /** Where the template came from (model metadata). */
  hint: string | undefined;
  result: InferResult | undefined;
  /** The text of a streamed answer so far, while it streams. */
  streaming: string | undefined;
  error: string | undefined;
  busy: boolean;
  pending: HistoryEntry | undefined;
  history: HistoryEntry[];
  /** Why the last uploaded file was not loaded (binary, too large); the payload stayed as it was. */
  uploadRefused: string | undefined;
};

export type ConsoleAction =
  | { type: 'target'; key: string; uid: string | undefined; op: InferOperation['id']; model: string }
  | { type: 'replay'; entry: HistoryEntry }
  | { type: 'op'; op: InferOperation['id'] }
  | { type: 'route'; route: InferRoute }
  | { type: 'model'; model: string }
  /** The user typed or uploaded a payload. */
  | { type: 'payload'; text: string }
  | { type: 'upload-refused'; message: string }
  /** A template for the operation; ignored once the user has edited the payload. */
  | { type: 'template'; payload: string; hint?: string | undefined }
  | { type: 'reset-template' }
  | { type: 'send' }
  | { type: 'chunk'; text: string }
  | { type: 'received'; result: InferResult; history: HistoryEntry[] }
  | { type: 'failed'; error: string }
  | { type: 'settled' }
  | { type: 'history-cleared' };

export function initialConsoleState(history: HistoryEntry[] = []): ConsoleState {
  return {
    target: undefined,
    op: 'v1-predict',
    route: 'gateway',
    model: '',
    payload: '',
    edited: false,
    hint: undefined,
    result: undefined,
    streaming: undefined,
    error: undefined,
    busy: false,
    pending: undefined,
    history,
    uploadRefused: undefined,
  };
}

export const entryKey = (e: Pick<HistoryEntry, 'ns' | 'name'>) => `${e.ns}/${e.name}`;

function replayed(s: ConsoleState, e: HistoryEntry): ConsoleState {
  return {
    ...s,
    pending: undefined,
    op: e.op,
    route: e.route,
    model: e.model,
    ...(e.payload ? { payload: e.payload, edited: true, hint: undefined } : {}),
  };
}

export function consoleReducer(s: ConsoleState, a: ConsoleAction): ConsoleState {
  switch (a.type) {
    case 'target': {
      if (s.target?.key === a.key && s.target.uid === a.uid) return s;
      const next: ConsoleState = {
        ...s,
        target: { key: a.key, uid: a.uid },
        op: a.op,
        model: a.model,
        edited: false,
        result: undefined,
        pending: undefined,
      };
      return s.pending && entryKey(s.pending) === a.key ? replayed(next, s.pending) : next;
    }
    case 'replay':
      return s.target?.key === entryKey(a.entry) ? replayed(s, a.entry) : { ...s, pending: a.entry };
    case 'op':
      return { ...s, op: a.op, edited: false };
    case 'route':
      return { ...s, route: a.route };
    case 'model':
      return { ...s, model: a.model };
    case 'payload':
      return { ...s, payload: a.text, edited: true, uploadRefused: undefined };
    case 'upload-refused':
      return { ...s, uploadRefused: a.message };
    case 'template':
      return s.edited ? s : { ...s, payload: a.payload, hint: a.hint };
    case 'reset-template':
      return { ...s, edited: false };
    case 'send':
      return { ...s, busy: true, error: undefined, result: undefined, streaming: undefined };
    case 'chunk':
      return { ...s, streaming: a.text };
    case 'received':
      return { ...s, result: a.result, history: a.history };
    case 'failed':
      return { ...s, error: a.error };
    case 'settled':
      return { ...s, busy: false, streaming: undefined };
    case 'history-cleared':
      return { ...s, history: [] };
  }
}
