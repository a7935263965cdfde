import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Shell } from '../src/app/Shell';
import { createQueryClient } from '../src/lib/query-client';

function renderShell() {
  return render(
    <QueryClientProvider client={createQueryClient({ retryDelayMs: 0 })}>
      <Shell />
    </QueryClientProvider>,
  );
}

describe('Shell', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says when the server answers', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ status: 'ok' }), { status: 200 })),
    );
    renderShell();
    expect(screen.getByRole('heading', { name: 'InferenceServices' })).toBeInTheDocument();
    expect(await screen.findByText('Connected')).toBeInTheDocument();
  });

  it('says when the server is unreachable', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('down', { status: 503 })),
    );
    renderShell();
    expect(await screen.findByText('Server unreachable')).toBeInTheDocument();
  });
});
