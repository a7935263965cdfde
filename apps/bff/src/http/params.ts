import { ALL_NAMESPACES, type WriteOptions, writeOptionsSchema } from '@servedeck/shared';
import type { Request } from 'express';
import { NAME_RE, NAMESPACE_RE } from '../k8s/paths';
import { apiError } from './api-error';

function param(req: Request, key: string): string {
  const v = req.params[key];
  return typeof v === 'string' ? v : '';
}

export function nsParam(req: Request, allowAll = false): string {
  const ns = param(req, 'ns');
  if (allowAll && ns === ALL_NAMESPACES) return ns;
  if (!NAMESPACE_RE.test(ns)) throw apiError(400, 'BadRequest', 'Invalid namespace name');
  return ns;
}

export function nameParam(req: Request, key = 'name'): string {
  const name = param(req, key);
  if (!NAME_RE.test(name)) throw apiError(400, 'BadRequest', `Invalid ${key}`);
  return name;
}

export function writeOptions(req: Request): WriteOptions {
  const q = req.query;
  const parsed = writeOptionsSchema.safeParse({
    dryRun: typeof q.dryRun === 'string' && q.dryRun !== '' ? q.dryRun : undefined,
    fieldValidation: typeof q.fieldValidation === 'string' && q.fieldValidation !== '' ? q.fieldValidation : undefined,
  });
  if (!parsed.success) {
    throw apiError(400, 'BadRequest', 'dryRun must be All; fieldValidation must be Strict, Warn or Ignore', {
      causes: parsed.error.issues.map((i) => ({ message: i.message, field: i.path.join('.') })),
    });
  }
  return parsed.data;
}

export function queryString(req: Request, key: string): string | undefined {
  const v = req.query[key];
  return typeof v === 'string' ? v : undefined;
}
