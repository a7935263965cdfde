export type OpenAiText = { text: string; events: number; done: boolean };

/** The text carried by an OpenAI SSE stream so far (chat deltas or completion text). */
export function openAiStreamText(raw: string): OpenAiText {
  let text = '';
  let events = 0;
  let done = false;
  for (const line of raw.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    try {
      const j = JSON.parse(data) as { choices?: { delta?: { content?: string }; text?: string }[] };
      const c = j.choices?.[0];
      text += c?.delta?.content ?? c?.text ?? '';
      events++;
    } catch {
      // a partial line: the next chunk completes it
    }
  }
  return { text, events, done };
}

/** The text an OpenAI answer carries: the deltas of an SSE stream so far, or a whole JSON answer's message. */
export function openAiText(raw: string, streamed: boolean): OpenAiText {
  if (streamed) return openAiStreamText(raw);
  try {
    const j = JSON.parse(raw) as { choices?: { message?: { content?: string }; text?: string }[] };
    const c = j.choices?.[0];
    return { text: c?.message?.content ?? c?.text ?? '', events: 0, done: true };
  } catch {
    return { text: '', events: 0, done: true };
  }
}
