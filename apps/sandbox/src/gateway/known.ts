/** The gateway's view of an InferenceService object: its components and the hosts of its status URLs. Pure. */
import type { ComponentType, KnownIsvc } from './routes';

type IsvcLike = {
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  status?: { url?: unknown; components?: Record<string, { url?: unknown } | undefined> };
};

const componentTypes: ComponentType[] = ['predictor', 'transformer', 'explainer'];

function hostOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

export function knownIsvc(o: IsvcLike): KnownIsvc {
  const spec = o.spec ?? {};
  const components = componentTypes.filter((c) => c === 'predictor' || (spec[c] !== undefined && spec[c] !== null));
  const hosts: NonNullable<KnownIsvc['hosts']> = [];
  const top = hostOf(o.status?.url);
  if (top) hosts.push({ host: top });
  for (const c of components) {
    const h = hostOf(o.status?.components?.[c]?.url);
    if (h) hosts.push({ host: h, component: c });
  }
  return {
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    components,
    ...(hosts.length ? { hosts } : {}),
  };
}
