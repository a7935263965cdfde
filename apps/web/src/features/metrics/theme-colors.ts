/**
 * The app's theme colours as canvas colours. The CSS variables hold `light-dark(...)`, which only resolves on
 * a real property, so each is read through a probe element's computed `color`.
 */
export type ChartColors = {
  fg: string;
  muted: string;
  grid: string;
  palette: string[];
  outcome: Record<string, string>;
};

function resolve(probe: HTMLElement, variable: string, fallback: string): string {
  probe.style.color = `var(${variable}, ${fallback})`;
  return getComputedStyle(probe).color || fallback;
}

export function chartColors(host: HTMLElement): ChartColors {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  host.appendChild(probe);
  try {
    const accent = resolve(probe, '--accent', '#1f5fbf');
    const ok = resolve(probe, '--ok', '#1a7f37');
    const warn = resolve(probe, '--warn', '#9a6700');
    const error = resolve(probe, '--error', '#c62828');
    const info = resolve(probe, '--info', '#0969da');
    const neutral = resolve(probe, '--neutral', '#6e7781');
    return {
      fg: resolve(probe, '--fg', '#1b1f24'),
      muted: resolve(probe, '--muted', '#5b6470'),
      grid: resolve(probe, '--border', '#d7dbe0'),
      palette: [accent, warn, error, info, ok, neutral],
      outcome: { '2xx': ok, '3xx': info, '4xx': warn, '5xx': error },
    };
  } finally {
    probe.remove();
  }
}

/** Calls `onChange` when the theme switches (the header toggle or the system setting). */
export function watchTheme(onChange: () => void): () => void {
  const root = document.documentElement;
  const mo = new MutationObserver(onChange);
  mo.observe(root, { attributes: true, attributeFilter: ['data-theme', 'style', 'class'] });
  const mq = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined;
  mq?.addEventListener('change', onChange);
  return () => {
    mo.disconnect();
    mq?.removeEventListener('change', onChange);
  };
}
