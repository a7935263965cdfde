import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { server } from './msw';

// Monaco needs a real browser (layout, workers): in jsdom the editors stay plain text areas.
vi.mock('../src/components/code-editor/load-monaco', () => ({
  loadMonaco: () => Promise.reject(new Error('no Monaco in jsdom')),
}));

// Under a loaded CI box, the first render with msw can take more than the default second.
configure({ asyncUtilTimeout: 8000 });

// jsdom has no layout: give scroll containers a laptop-sized box so virtualized lists render rows.
for (const [prop, size] of [
  ['clientHeight', 800],
  ['clientWidth', 1200],
] as const) {
  const base = Object.getOwnPropertyDescriptor(Element.prototype, prop);
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('table-scroll') ? size : (base?.get?.call(this) ?? 0);
    },
  });
}

// jsdom's Blob has no arrayBuffer() (browsers all do): read it with jsdom's FileReader.
if (typeof Blob.prototype.arrayBuffer !== 'function') {
  Blob.prototype.arrayBuffer = function arrayBuffer(this: Blob) {
    return new Promise<ArrayBuffer>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.onerror = () => reject(reader.error);
      reader.readAsArrayBuffer(this);
    });
  };
}

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  // The app calls same-origin paths (`/api/...`); Node's fetch wants absolute URLs and its own
  // AbortSignal, so resolve against jsdom's location and drop jsdom's signal.
  const patched = globalThis.fetch;
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url =
      typeof input === 'string' && input.startsWith('/') ? new URL(input, window.location.origin).toString() : input;
    const { signal: _signal, ...rest } = init ?? {};
    return patched(url, rest);
  };
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  sessionStorage.clear();
  localStorage.clear();
});
afterAll(() => server.close());
