/**
 * What the create form offers, built from the runtimes the user can see (not from hard-coded templates), and
 * the checks of its fields. Pure; messages are codes plus values so the web app can translate them.
 */
import {
  PROTOCOLS,
  type RuntimeOffer,
  selectRuntime,
  supportingRuntimes,
  supportsModel,
  supportsProtocol,
} from './runtime-selection';
import { checkStorageUri } from './storage-uri';

/** Runtimes a single-model, single-node InferenceService can use. */
function usable(o: RuntimeOffer): boolean {
  return !o.disabled && !o.multiModel && !o.multiNode;
}

export type FormatChoice = {
  name: string;
  /** Versions some runtime lists for this format (sorted). */
  versions: string[];
  /** Some runtime auto-selects it: the runtime may be left to KServe. */
  autoSelect: boolean;
};

/** Every model format a usable runtime supports, by name. */
export function formatChoices(offers: readonly RuntimeOffer[]): FormatChoice[] {
  const byName = new Map<string, { versions: Set<string>; autoSelect: boolean }>();
  for (const o of offers.filter(usable)) {
    for (const f of o.formats) {
      const entry = byName.get(f.name) ?? { versions: new Set<string>(), autoSelect: false };
      if (f.version !== undefined) entry.versions.add(f.version);
      entry.autoSelect ||= f.autoSelect === true;
      byName.set(f.name, entry);
    }
  }
  return [...byName.entries()]
    .map(([name, e]) => ({ name, versions: [...e.versions].sort(), autoSelect: e.autoSelect }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export type RuntimeChoice = {
  name: string;
  scope: RuntimeOffer['scope'];
  protocols: string[];
  /** KServe would pick it without being named (auto-select for this format). */
  autoSelect: boolean;
  priority?: number | undefined;
};

/**
 * Runtimes that serve `format` (and `version`) when named in `model.runtime`: the ones KServe would auto-select
 * first, in its order, then the others (namespace before cluster, by name).
 */
export function runtimeChoices(
  format: string,
  version: string | undefined,
  offers: readonly RuntimeOffer[],
): RuntimeChoice[] {
  const auto = new Set<RuntimeOffer>();
  for (const p of PROTOCOLS) for (const o of supportingRuntimes({ format, version, protocol: p }, offers)) auto.add(o);
  const ordered = [...supportingRuntimes({ format, version }, offers)];
  for (const o of auto) if (!ordered.includes(o)) ordered.push(o);
  const rest = offers
    .filter((o) => usable(o) && !ordered.includes(o) && supportsModel(o, { format, version, runtime: o.name }))
    .sort((a, b) => (a.scope !== b.scope ? (a.scope === 'namespace' ? -1 : 1) : a.name < b.name ? -1 : 1));
  return [...ordered, ...rest].map((o) => ({
    name: o.name,
    scope: o.scope,
    protocols: o.protocols,
    autoSelect: auto.has(o),
    priority: o.formats.find((f) => f.name === format)?.priority,
  }));
}

/** Protocols the model can ask for: the named runtime's, or those some auto-selectable runtime supports. */
export function protocolChoices(
  model: { format: string; version?: string | undefined; runtime?: string | undefined },
  offers: readonly RuntimeOffer[],
): string[] {
  if (model.runtime !== undefined) {
    const rt =
      offers.find((o) => o.scope === 'namespace' && o.name === model.runtime) ??
      offers.find((o) => o.name === model.runtime);
    if (!rt) return [...PROTOCOLS];
    return PROTOCOLS.filter((p) => supportsProtocol(rt, p));
  }
  return PROTOCOLS.filter((p) => supportingRuntimes({ ...model, protocol: p }, offers).length > 0);
}

/** The create form's fields, as typed (text): the YAML is the draft, these are read from and written to it. */
export type IsvcFormFields = {
  name: string;
  format: string;
  version: string;
  /** '' = let KServe pick. */
  runtime: string;
  /** '' = the runtime's default. */
  protocol: string;
  storageUri: string;
  cpuRequest: string;
  memoryRequest: string;
  cpuLimit: string;
  memoryLimit: string;
  minReplicas: string;
  maxReplicas: string;
};

export const EMPTY_FORM_FIELDS: IsvcFormFields = {
  name: '',
  format: '',
  version: '',
  runtime: '',
  protocol: '',
  storageUri: '',
  cpuRequest: '',
  memoryRequest: '',
  cpuLimit: '',
  memoryLimit: '',
  minReplicas: '',
  maxReplicas: '',
};

export type FormFieldProblem =
  | { field: 'name'; code: 'required' | 'nameFormat' | 'nameTooLong' }
  | { field: 'format'; code: 'required' }
  | {
      field: 'runtime';
      code: 'noRuntime' | 'runtimeNotFound' | 'runtimeDisabled' | 'runtimeFormat' | 'runtimeProtocol';
    }
  | { field: 'storageUri'; code: 'required' | 'unsupportedScheme'; scheme?: string; message?: string }
  | { field: 'cpuRequest' | 'memoryRequest' | 'cpuLimit' | 'memoryLimit'; code: 'quantity' | 'limitBelowRequest' }
  | { field: 'minReplicas' | 'maxReplicas'; code: 'wholeNumber' | 'minAboveMax' };

/** KServe's `IsvcNameFmt` (a DNS-1035 label); Kubernetes caps labels at 63 characters. */
const NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes' resource.Quantity syntax. */
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A quantity's value as a number (approximate; for comparing a request with its limit), or undefined. */
export function quantityValue(q: string): number | undefined {
  const m = /^[+]?((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/.exec(q);
  if (!m?.[1]) return undefined;
  return Number(m[1]) * (SUFFIX[m[2] ?? ''] ?? 1);
}

/** Problems of the form's fields: what KServe and Kubernetes would refuse, said before anything is sent. */
export function checkFormFields(f: IsvcFormFields, offers: readonly RuntimeOffer[]): FormFieldProblem[] {
  const out: FormFieldProblem[] = [];
  if (f.name === '') out.push({ field: 'name', code: 'required' });
  else if (!NAME.test(f.name)) out.push({ field: 'name', code: 'nameFormat' });
  else if (f.name.length > 63) out.push({ field: 'name', code: 'nameTooLong' });
  if (f.format === '') out.push({ field: 'format', code: 'required' });
  else {
    const sel = selectRuntime(
      {
        format: f.format,
        version: f.version || undefined,
        runtime: f.runtime || undefined,
        protocol: f.protocol || undefined,
      },
      offers,
    );
    if (!sel.ok) {
      const code =
        sel.reason === 'RuntimeNotRecognized'
          ? 'runtimeNotFound'
          : sel.reason === 'RuntimeDisabled'
            ? 'runtimeDisabled'
            : f.runtime === ''
              ? 'noRuntime'
              : sel.message.includes('protocol')
                ? 'runtimeProtocol'
                : 'runtimeFormat';
      out.push({ field: 'runtime', code });
    }
  }
  if (f.storageUri === '') out.push({ field: 'storageUri', code: 'required' });
  else {
    const uri = checkStorageUri(f.storageUri);
    if (!uri.ok) out.push({ field: 'storageUri', code: 'unsupportedScheme', scheme: uri.scheme, message: uri.message });
  }
  for (const field of ['cpuRequest', 'memoryRequest', 'cpuLimit', 'memoryLimit'] as const) {
    if (f[field] !== '' && !QUANTITY.test(f[field])) out.push({ field, code: 'quantity' });
  }
  for (const [req, lim] of [
    ['cpuRequest', 'cpuLimit'],
    ['memoryRequest', 'memoryLimit'],
  ] as const) {
    const r = quantityValue(f[req]);
    const l = quantityValue(f[lim]);
    if (r !== undefined && l !== undefined && l < r) out.push({ field: lim, code: 'limitBelowRequest' });
  }
  const whole = (s: string) => /^\d+$/.test(s);
  for (const field of ['minReplicas', 'maxReplicas'] as const) {
    if (f[field] !== '' && !whole(f[field])) out.push({ field, code: 'wholeNumber' });
  }
  // validateReplicas: min defaults to 1; max 0 means "no maximum".
  const min = whole(f.minReplicas) ? Number(f.minReplicas) : f.minReplicas === '' ? 1 : undefined;
  const max = whole(f.maxReplicas) ? Number(f.maxReplicas) : undefined;
  if (min !== undefined && max !== undefined && max !== 0 && min > max)
    out.push({ field: 'minReplicas', code: 'minAboveMax' });
  return out;
}
