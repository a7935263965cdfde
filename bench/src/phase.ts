/** The bench's phases (`--only=`). */
export type Phase = 'proxy' | 'list' | 'web' | 'load' | 'metrics' | 'sse' | 'ceiling' | 'fanout';
