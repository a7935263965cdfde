/**
 * Read a response's body to its end. A server-sent event stream (OpenAI streaming) is reported through
 * `onChunk` with the text so far as each chunk arrives; any other body is only returned.
 */
export async function readBody(
  res: Response,
  onChunk?: (textSoFar: string) => void,
): Promise<{ body: string; streamed: boolean }> {
  const streamed = (res.headers.get('content-type') ?? '').includes('text/event-stream');
  let body = '';
  if (res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      body += value;
      if (streamed) onChunk?.(body);
    }
  }
  return { body, streamed };
}
