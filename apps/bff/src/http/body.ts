import { type FieldCause, MAX_BODY_BYTES, MAX_DEPTH, nestingDepth } from '@servedeck/shared';
import type { Request } from 'express';
import { parseDocument } from 'yaml';
import { isRecord, type K8sObject } from '../k8s/objects';
import { apiError } from './api-error';

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
export const JSON_TYPES = ['application/json', 'application/merge-patch+json'];
/** Bytes: the same limit the web editor checks before sending (packages/shared body-limits.ts). */
export const BODY_LIMIT = MAX_BODY_BYTES;

function checkDepth(value: unknown): void {
  if (nestingDepth(value) > MAX_DEPTH) {
    throw apiError(400, 'BadRequest', `The body is nested more than ${MAX_DEPTH} levels deep`);
  }
}

/** Parse one YAML document (no duplicate keys, at most 100 aliases); errors carry line and column. */
export function parseYamlObject(text: string): K8sObject {
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
  } catch (err) {
    // the parser itself gave up (e.g. a stack overflow on absurd nesting): still the client's fault
    throw apiError(400, 'BadRequest', `The YAML is not valid: ${err instanceof Error ? err.message : 'too complex'}`);
  }
  if (doc.errors.length > 0) {
    const causes: FieldCause[] = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      const msg = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
      return {
        reason: 'YAMLSyntax',
        message: pos ? `line ${pos.line}, column ${pos.col}: ${msg}` : msg,
        ...(pos ? { field: `line ${pos.line}, column ${pos.col}` } : {}),
      };
    });
    throw apiError(400, 'BadRequest', `The YAML is not valid: ${causes[0]?.message ?? 'parse error'}`, { causes });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw apiError(400, 'BadRequest', `The YAML is not valid: ${err instanceof Error ? err.message : 'too complex'}`);
  }
  if (!isRecord(value)) throw apiError(400, 'BadRequest', 'The body must be one object (a mapping)');
  checkDepth(value);
  return value;
}

/** The request body of a write route as an object: JSON (parsed by express.json) or YAML (express.text). */
export function objectBody(req: Request): K8sObject {
  if (req.is(YAML_TYPES)) {
    if (typeof req.body !== 'string') throw apiError(400, 'BadRequest', 'Empty YAML body');
    return parseYamlObject(req.body);
  }
  if (!req.is(JSON_TYPES)) {
    throw apiError(
      415,
      'UnsupportedMediaType',
      'Send application/json, application/merge-patch+json or application/yaml',
    );
  }
  if (!isRecord(req.body)) throw apiError(400, 'BadRequest', 'The body must be a JSON object');
  checkDepth(req.body);
  return req.body;
}
