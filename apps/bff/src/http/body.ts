import type { FieldCause } from '@servedeck/shared';
import type { Request } from 'express';
import { parseDocument } from 'yaml';
import { isRecord, type K8sObject } from '../k8s/objects';
import { apiError } from './api-error';

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];
export const JSON_TYPES = ['application/json', 'application/merge-patch+json'];
export const BODY_LIMIT = '2mb';

/** Parse one YAML document (no duplicate keys, at most 100 aliases); errors carry line and column. */
export function parseYamlObject(text: string): K8sObject {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
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
  return req.body;
}
