/**
 * The storage initializer's URI handling: which URIs the sandbox resolves itself (pvc://, file://), which
 * go through the model mirror (gs://, s3://, http(s)://), and the error KServe's storage.py raises for
 * anything else.
 */
import { join, normalize } from 'node:path';

export type StorageTarget =
  | { kind: 'local'; path: string }
  | { kind: 'remote'; uri: string }
  | { kind: 'invalid'; message: string };

const supported =
  "'gs://', 's3://', 'pvc://', 'file://', 'hdfs://', 'webhdfs://', 'oci://', 'hf://', 'https://', 'http://'";

export function classifyStorageUri(uri: string, stateDir: string, namespace: string): StorageTarget {
  if (uri.startsWith('pvc://')) {
    const rest = uri.slice('pvc://'.length);
    const [claim, ...path] = rest.split('/');
    if (!claim) return { kind: 'invalid', message: `Invalid PVC storage URI ${uri}: missing claim name` };
    const rel = normalize(path.join('/')).replace(/^(\.\.(\/|$))+/, '');
    return { kind: 'local', path: join(stateDir, 'pvc', namespace, claim, rel === '.' ? '' : rel) };
  }
  if (uri.startsWith('file://')) return { kind: 'local', path: uri.slice('file://'.length) };
  if (uri.startsWith('/')) return { kind: 'local', path: uri };
  if (/^(gs|s3|https?):\/\//.test(uri)) return { kind: 'remote', uri };
  return {
    kind: 'invalid',
    message: `Cannot recognize storage type for ${uri}\n${supported} are the current available storage type.`,
  };
}
