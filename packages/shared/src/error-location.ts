/**
 * Field paths named in the text of an error that came without `details.causes`.
 *
 * Real KServe answers some invalid InferenceServices from its mutating webhook, before the apiserver's schema
 * validation, with a 400 whose only field information is in the message, e.g.
 * `admission webhook "inferenceservice.kserve-webhook-server.defaulter" denied the request: json: cannot unmarshal
 * string into Go struct field PredictorSpec.spec.predictor.ComponentExtensionSpec.minReplicas of type int32`.
 * The apiserver's strict decoding says `unknown field "spec.predictor.sklearn.ProtocolVersion"`, and aggregated
 * field errors read `spec.predictor.minReplicas: Invalid value: ...`. These functions find such paths so the
 * editor can put the error on the field's line; a message naming none gives none (never a guess).
 */

/** Longest message scanned (a hostile or runaway message is cut here; the patterns are linear anyway). */
export const MAX_SCANNED_MESSAGE = 16_384;
/** Longest path accepted, in characters, and most segments. */
const MAX_PATH_CHARS = 512;
const MAX_SEGMENTS = 32;

/** A JSON field name as Kubernetes paths spell it, or a `[index]` / `[key]` subscript. */
const SEGMENT = String.raw`[A-Za-z_$][\w$-]{0,127}(?:\[[^\]\s]{0,253}\])*`;
const PATH = String.raw`${SEGMENT}(?:\.${SEGMENT}){0,31}`;

/** Go's encoding/json UnmarshalTypeError: `Go struct field <Struct>.<path> of type <type>`. */
const GO_STRUCT_FIELD = new RegExp(`Go struct field (${PATH}) of type`, 'g');
/** The apiserver's strict decoding: `unknown field "<path>"` (also `duplicate field`). */
const QUOTED_FIELD = new RegExp(`(?:unknown|duplicate) field "(${PATH})"`, 'g');
/** `field.Error` text: `<path>: Invalid value`, `<path>: Required value`, ... (k8s.io/apimachinery field errors). */
const FIELD_ERROR = new RegExp(
  String.raw`(?:^|[\s\[,:"(])(${PATH}): (?:Invalid value|Required value|Unsupported value|Forbidden|Too long|Too many|Duplicate value|Not found|Internal error)`,
  'g',
);
/** OpenAPI schema text: `<path> in body must be ...` / `<path> in body should be ...`. */
const IN_BODY = new RegExp(String.raw`(?:^|[\s\[,:"(])(${PATH}) in body (?:must|should)`, 'g');

/** `PredictorSpec.spec.predictor.ComponentExtensionSpec.minReplicas` → `spec.predictor.minReplicas`. */
function fromGoStructField(raw: string): string | undefined {
  const [, ...rest] = raw.split('.');
  // Go type names (the struct, embedded inline structs) start upper case; Kubernetes JSON names do not.
  const kept = rest.filter((s) => !/^[A-Z]/.test(s));
  return kept.length ? kept.join('.') : undefined;
}

function acceptable(path: string): boolean {
  if (path.length === 0 || path.length > MAX_PATH_CHARS) return false;
  const segments = path.split('.');
  return segments.length <= MAX_SEGMENTS && segments.every((s) => s.length > 0);
}

/**
 * Every field path the message names, in order of appearance, without duplicates (dotted Kubernetes form,
 * subscripts kept: `spec.predictor.containers[0].image`). Empty when it names none.
 */
export function fieldPathsInMessage(message: string): string[] {
  const text = message.slice(0, MAX_SCANNED_MESSAGE);
  const found: { at: number; path: string }[] = [];
  for (const m of text.matchAll(GO_STRUCT_FIELD)) {
    const p = m[1] === undefined ? undefined : fromGoStructField(m[1]);
    if (p) found.push({ at: m.index, path: p });
  }
  for (const re of [QUOTED_FIELD, FIELD_ERROR, IN_BODY]) {
    for (const m of text.matchAll(re)) if (m[1]) found.push({ at: m.index, path: m[1] });
  }
  found.sort((a, b) => a.at - b.at);
  const out: string[] = [];
  for (const { path } of found) if (acceptable(path) && !out.includes(path)) out.push(path);
  return out;
}

/** How the apiserver words an admission webhook's refusal (400 from a mutating one, 403 from a validating one). */
const ADMISSION_DENIAL = /admission webhook "([^"\s]{1,253})" denied the request(?:: ?)?/;

/**
 * An admission webhook's refusal: which webhook, and what it said. A 403 of this kind is the webhook's verdict on
 * the object (KServe's validator: "exactly one of [...] must be specified"), not a missing permission.
 */
export function admissionDenial(message: string): { webhook: string; reason: string } | undefined {
  const m = ADMISSION_DENIAL.exec(message.slice(0, MAX_SCANNED_MESSAGE));
  if (!m?.[1]) return undefined;
  const reason = message.slice(m.index + m[0].length).trim();
  return { webhook: m[1], reason: reason.length > 0 ? reason : message };
}
