import { useEffect, useRef } from 'react';

/**
 * Keyboard shortcuts. The list the `?` dialog shows (ids are catalogue keys under `shortcuts.`), and small
 * helpers the pages use to listen for theirs.
 */
export const SHORTCUTS = [
  { id: 'search', keys: ['/'] },
  { id: 'send', keys: ['Ctrl', 'Enter'], mac: ['⌘', 'Enter'] },
  { id: 'apply', keys: ['Ctrl', 'S'], mac: ['⌘', 'S'] },
  { id: 'help', keys: ['?'] },
] as const;

export const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl+key, or Cmd+key on a Mac (either is taken everywhere: people use what their keyboard has). */
export function withMod(e: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'key'>, key: string): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === key.toLowerCase();
}

/** Typing into a field: single-key shortcuts (`/`, `?`) must not fire there. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** A window keydown listener for as long as the component is mounted (the latest handler is called). */
export function useKeydown(handler: (e: KeyboardEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const listen = (e: KeyboardEvent) => ref.current(e);
    window.addEventListener('keydown', listen);
    return () => window.removeEventListener('keydown', listen);
  }, []);
}
