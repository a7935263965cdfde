import { describe, expect, it } from 'vitest';
import { openAiStreamText, openAiText } from '../src/lib/openai-text';
import { readBody } from '../src/lib/read-body';

const sse = [
  'data: {"choices":[{"delta":{"content":"hel"}}]}\n\n',
  'data: {"choices":[{"text":"lo"}]}\n\n',
  'data: [DONE]\n\n',
];

/** A response whose body arrives in the given chunks. */
function chunked(chunks: string[], contentType: string): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const chunk of chunks) c.enqueue(enc.encode(chunk));
      c.close();
    },
  });
  return new Response(body, { headers: { 'content-type': contentType } });
}

describe('readBody', () => {
  it('reports an event stream chunk by chunk and returns the whole of it', async () => {
    const seen: string[] = [];
    const r = await readBody(chunked(sse, 'text/event-stream; charset=utf-8'), (s) => seen.push(s));
    expect(r.streamed).toBe(true);
    expect(r.body).toBe(sse.join(''));
    expect(seen).toHaveLength(3);
    expect(seen[0]).toBe(sse[0]);
    expect(seen.at(-1)).toBe(r.body);
  });

  it('returns any other body without reporting chunks', async () => {
    const seen: string[] = [];
    const r = await readBody(chunked(['{"a":', '1}'], 'application/json'), (s) => seen.push(s));
    expect(r).toEqual({ body: '{"a":1}', streamed: false });
    expect(seen).toEqual([]);
  });

  it('answers an empty body for a response without one', async () => {
    expect(await readBody(new Response(null, { status: 204 }))).toEqual({ body: '', streamed: false });
  });
});

describe('openAiStreamText and openAiText', () => {
  it('joins chat deltas and completion text, counts events and sees [DONE]', () => {
    expect(openAiStreamText(sse.join(''))).toEqual({ text: 'hello', events: 2, done: true });
  });

  it('waits for a partial line to complete', () => {
    const partial = `${sse[0]}data: {"choices":[{"delta"`;
    expect(openAiStreamText(partial)).toEqual({ text: 'hel', events: 1, done: false });
  });

  it("reads a whole JSON answer's message or text, and nothing from a body that is not JSON", () => {
    expect(openAiText('{"choices":[{"message":{"content":"hi"}}]}', false)).toEqual({
      text: 'hi',
      events: 0,
      done: true,
    });
    expect(openAiText('{"choices":[{"text":"yo"}]}', false).text).toBe('yo');
    expect(openAiText('upstream error', false)).toEqual({ text: '', events: 0, done: true });
    expect(openAiText(sse.join(''), true).text).toBe('hello');
  });
});
