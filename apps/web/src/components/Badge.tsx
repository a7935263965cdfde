import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warn' | 'error' | 'info' | 'neutral';

export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string | undefined }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      <span className="badge-dot" aria-hidden="true" />
      {children}
    </span>
  );
}
