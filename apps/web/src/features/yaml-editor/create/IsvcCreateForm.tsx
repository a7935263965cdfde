/**
 * The guided create form (issue 17): name, format, runtime, protocol, storage URI, resources and replicas, as one
 * view of the editor's draft (the YAML is the other). Over 300 lines: one form whose fields are written out for
 * their labels, hints and errors; its logic is in packages/shared (create-choices, storage-uri).
 */
import {
  checkFormFields,
  checkStorageUri,
  type FormFieldProblem,
  formatChoices,
  type IsvcFormFields,
  PROTOCOLS,
  protocolChoices,
  type RuntimeOffer,
  runtimeChoices,
  STORAGE_URI_PREFIXES,
  selectRuntime,
} from '@servedeck/shared';
import { type ReactNode, useId, useMemo } from 'react';
import { describeError, useTranslation } from '@/i18n';
import { readFormFields, writeFormFields } from './form-yaml';
import { type CreateFormT, useCreateFormT } from './i18n';
import type { RuntimeOffersState } from './runtime-offers';

/** Example values shown in empty fields (Kubernetes syntax, the same in every language). */
const EXAMPLES: Partial<Record<keyof IsvcFormFields, string>> = {
  storageUri: 'gs://bucket/path/to/model',
  cpuRequest: '100m',
  cpuLimit: '1',
  memoryRequest: '256Mi',
  memoryLimit: '1Gi',
};

type Props = {
  ns: string;
  /** The draft (YAML text) this form is a view of. */
  text: string;
  onChange: (text: string) => void;
  runtimes: RuntimeOffersState;
};

function problemText(t: CreateFormT, p: FormFieldProblem): string {
  if (p.code === 'unsupportedScheme') return t('problems.unsupportedScheme', { scheme: p.scheme ?? '' });
  return t(`problems.${p.code}`);
}

function Field({
  id,
  label,
  problem,
  hint,
  children,
}: {
  id: string;
  label: string;
  problem?: string | undefined;
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>
        <span>{label}</span>
      </label>
      {children}
      {hint ? (
        <span id={`${id}-hint`} className="muted small">
          {hint}
        </span>
      ) : null}
      {problem ? (
        <span id={`${id}-problem`} className="bad small">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

/**
 * A new format clears version and runtime. Without a protocol KServe matches runtimes as v1: when no runtime
 * auto-selects the format on v1, the first protocol one does is written instead.
 */
function formatPatch(format: string, offers: readonly RuntimeOffer[]): Partial<IsvcFormFields> {
  const patch = { format, version: '', runtime: '', protocol: '' };
  if (!format || selectRuntime({ format }, offers).ok) return patch;
  return { ...patch, protocol: protocolChoices({ format }, offers)[0] ?? '' };
}

/** The guided form: one InferenceService's common fields, offered from the cluster's runtimes, written into the YAML. */
export function IsvcCreateForm({ ns, text, onChange, runtimes }: Props) {
  const t = useCreateFormT();
  const { t: appT } = useTranslation();
  const base = useId();
  const read = useMemo(() => readFormFields(text), [text]);
  const offers: RuntimeOffer[] = runtimes.offers;
  const formats = useMemo(() => formatChoices(offers), [offers]);
  const fields = read.ok ? read.fields : undefined;

  const version = fields?.version || undefined;
  const runtime = fields?.runtime || undefined;
  const rtChoices = useMemo(
    () => (fields?.format ? runtimeChoices(fields.format, version, offers) : []),
    [fields?.format, version, offers],
  );
  const protocols = useMemo(
    () => (fields?.format ? protocolChoices({ format: fields.format, version, runtime }, offers) : [...PROTOCOLS]),
    [fields?.format, version, runtime, offers],
  );
  const problems = useMemo(
    () => (fields && !runtimes.loading ? checkFormFields(fields, offers) : []),
    [fields, offers, runtimes.loading],
  );
  const auto = useMemo(
    () =>
      fields?.format
        ? selectRuntime(
            { format: fields.format, version, runtime: undefined, protocol: fields.protocol || undefined },
            offers,
          )
        : undefined,
    [fields?.format, fields?.protocol, version, offers],
  );
  const chosen = useMemo(
    () =>
      fields?.format
        ? selectRuntime({ format: fields.format, version, runtime, protocol: fields.protocol || undefined }, offers)
        : undefined,
    [fields?.format, fields?.protocol, version, runtime, offers],
  );

  const set = (patch: Partial<IsvcFormFields>) => {
    if (!fields) return;
    onChange(writeFormFields(text, fields, { ...fields, ...patch }));
  };
  const id = (k: string) => `${base}-${k}`;
  const problemOf = (k: keyof IsvcFormFields) => {
    const p = problems.find((x) => x.field === k);
    return p ? problemText(t, p) : undefined;
  };
  const describedBy = (k: keyof IsvcFormFields, hint = false) =>
    [hint ? `${id(k)}-hint` : '', problemOf(k) ? `${id(k)}-problem` : ''].filter(Boolean).join(' ') || undefined;
  const input = (k: keyof IsvcFormFields, extra: { hint?: boolean; inputMode?: 'numeric' } = {}) => (
    <input
      id={id(k)}
      value={fields?.[k] ?? ''}
      onChange={(e) => set({ [k]: e.target.value })}
      aria-invalid={problemOf(k) ? true : undefined}
      aria-describedby={describedBy(k, extra.hint)}
      inputMode={extra.inputMode}
      placeholder={EXAMPLES[k]}
      spellCheck={false}
      autoComplete="off"
    />
  );
  const scope = (s: RuntimeOffer['scope']) => (s === 'namespace' ? t('scopeNamespace') : t('scopeCluster'));
  const formatKnown = !fields?.format || formats.some((f) => f.name === fields.format);
  const versions = formats.find((f) => f.name === fields?.format)?.versions ?? [];
  const uri = fields?.storageUri ? checkStorageUri(fields.storageUri) : undefined;

  return (
    <section className="card create-form" aria-labelledby={id('title')}>
      <h2 id={id('title')}>{t('title')}</h2>
      <p className="muted small">{t('intro')}</p>
      {runtimes.loading ? <p className="muted small">{t('loadingRuntimes')}</p> : null}
      {runtimes.failed.map((f) => (
        <p key={f.kind} className="notice notice-warn">
          {t('runtimesFailed', {
            kind: t(f.kind),
            message: describeError(appT, f.error, { action: t(f.kind), namespace: ns }).title,
          })}
        </p>
      ))}
      {!runtimes.loading && formats.length === 0 ? <p className="notice notice-warn">{t('noFormats')}</p> : null}
      {read.ok ? null : (
        <p className="notice notice-info" role="status">
          {t(`unreadable.${read.reason}`)}
        </p>
      )}
      <fieldset disabled={!read.ok} className="field">
        <Field id={id('name')} label={t('fields.name')} problem={problemOf('name')}>
          {input('name')}
        </Field>
        <div className="field-row">
          <Field id={id('format')} label={t('fields.format')} problem={problemOf('format')}>
            <select
              id={id('format')}
              value={fields?.format ?? ''}
              onChange={(e) => set(formatPatch(e.target.value, offers))}
              aria-invalid={problemOf('format') ? true : undefined}
              aria-describedby={describedBy('format')}
            >
              <option value="">{t('choose')}</option>
              {formatKnown ? null : (
                <option value={fields?.format}>{t('notOffered', { value: fields?.format ?? '' })}</option>
              )}
              {formats.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id={id('version')} label={t('fields.version')}>
            <select id={id('version')} value={fields?.version ?? ''} onChange={(e) => set({ version: e.target.value })}>
              <option value="">{t('anyVersion')}</option>
              {fields?.version && !versions.includes(fields.version) ? (
                <option value={fields.version}>{t('notOffered', { value: fields.version })}</option>
              ) : null}
              {versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="field-row">
          <Field id={id('runtime')} label={t('fields.runtime')} problem={problemOf('runtime')}>
            <select
              id={id('runtime')}
              value={fields?.runtime ?? ''}
              onChange={(e) => set({ runtime: e.target.value })}
              aria-invalid={problemOf('runtime') ? true : undefined}
              aria-describedby={describedBy('runtime')}
            >
              <option value="">
                {auto?.ok ? t('autoRuntime', { runtime: auto.runtime.name }) : t('autoRuntimeNone')}
              </option>
              {fields?.runtime && !rtChoices.some((r) => r.name === fields.runtime) ? (
                <option value={fields.runtime}>{t('notOffered', { value: fields.runtime })}</option>
              ) : null}
              {rtChoices.map((r) => (
                <option key={`${r.scope}/${r.name}`} value={r.name}>
                  {r.autoSelect
                    ? r.priority !== undefined
                      ? t('runtimeOptionAuto', { name: r.name, scope: scope(r.scope), priority: r.priority })
                      : t('runtimeOptionAutoNoPriority', { name: r.name, scope: scope(r.scope) })
                    : t('runtimeOption', { name: r.name, scope: scope(r.scope) })}
                </option>
              ))}
            </select>
          </Field>
          <Field id={id('protocol')} label={t('fields.protocol')}>
            <select
              id={id('protocol')}
              value={fields?.protocol ?? ''}
              onChange={(e) => set({ protocol: e.target.value })}
            >
              <option value="">
                {chosen?.ok ? t('defaultProtocol', { protocol: chosen.protocol }) : t('defaultProtocolUnknown')}
              </option>
              {fields?.protocol && !protocols.includes(fields.protocol) ? (
                <option value={fields.protocol}>{t('notOffered', { value: fields.protocol })}</option>
              ) : null}
              {protocols.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {chosen?.ok && fields?.format ? (
          <p className="muted small" aria-live="polite">
            {t('selection', { runtime: chosen.runtime.name, protocol: chosen.protocol })}
          </p>
        ) : null}
        <Field
          id={id('storageUri')}
          label={t('fields.storageUri')}
          problem={problemOf('storageUri')}
          hint={
            uri?.ok && uri.kind === 'prefix'
              ? t('uriScheme', { scheme: uri.prefix ?? '' })
              : t('uriHint', { schemes: STORAGE_URI_PREFIXES.join(' ') })
          }
        >
          {input('storageUri', { hint: true })}
        </Field>
        <fieldset className="field">
          <legend>{t('fields.resources')}</legend>
          <div className="field-row">
            <Field id={id('cpuRequest')} label={t('fields.cpuRequest')} problem={problemOf('cpuRequest')}>
              {input('cpuRequest')}
            </Field>
            <Field id={id('cpuLimit')} label={t('fields.cpuLimit')} problem={problemOf('cpuLimit')}>
              {input('cpuLimit')}
            </Field>
          </div>
          <div className="field-row">
            <Field id={id('memoryRequest')} label={t('fields.memoryRequest')} problem={problemOf('memoryRequest')}>
              {input('memoryRequest')}
            </Field>
            <Field id={id('memoryLimit')} label={t('fields.memoryLimit')} problem={problemOf('memoryLimit')}>
              {input('memoryLimit')}
            </Field>
          </div>
        </fieldset>
        <fieldset className="field">
          <legend>{t('fields.replicas')}</legend>
          <div className="field-row">
            <Field id={id('minReplicas')} label={t('fields.minReplicas')} problem={problemOf('minReplicas')}>
              {input('minReplicas', { inputMode: 'numeric' })}
            </Field>
            <Field id={id('maxReplicas')} label={t('fields.maxReplicas')} problem={problemOf('maxReplicas')}>
              {input('maxReplicas', { inputMode: 'numeric' })}
            </Field>
          </div>
          <span className="muted small">{t('replicasHint')}</span>
        </fieldset>
      </fieldset>
    </section>
  );
}
