/**
 * The storage URI schemes KServe v0.20.0 accepts without a ClusterStorageContainer (`ValidateStorageURI`,
 * pkg/controller/v1beta1/inferenceservice/utils/utils.go): a known prefix, an Azure blob URL, or a local path.
 * A ClusterStorageContainer's `supportedUriFormats` may accept more: KServe checks those first.
 */
export const STORAGE_URI_PREFIXES = [
  'gs://',
  's3://',
  'pvc://',
  'file://',
  'https://',
  'http://',
  'hdfs://',
  'webhdfs://',
  'oci://',
  'oci+native://',
  'hf://',
] as const;

const AZURE_BLOB = /https:\/\/(.+?)\.blob\.core\.windows\.net\/(.+)/;

export type StorageUriCheck =
  | { ok: true; kind: 'empty' | 'local' | 'azure' | 'prefix'; prefix?: string }
  /** Not one of KServe's own schemes: refused unless a ClusterStorageContainer declares it. */
  | { ok: false; reason: 'UnsupportedStorageUri'; scheme: string; message: string };

/** KServe's own message for a URI no storage container supports (`UnsupportedStorageURIFormatError`). */
function unsupportedMessage(uri: string): string {
  return `storageUri, must be one of: [${STORAGE_URI_PREFIXES.join(', ')}] or match https://{}.blob.core.windows.net/{}/{} or be an absolute or relative local path. StorageUri [${uri}] is not supported`;
}

export function checkStorageUri(uri: string): StorageUriCheck {
  if (uri === '') return { ok: true, kind: 'empty' };
  // Go's regexp `\w+?://` (unanchored): no scheme anywhere means a local path.
  const scheme = /\w+?:\/\//.exec(uri);
  if (!scheme) return { ok: true, kind: 'local' };
  if (uri.includes('blob.core.windows.net')) {
    if (AZURE_BLOB.test(uri)) return { ok: true, kind: 'azure' };
  } else {
    const prefix = STORAGE_URI_PREFIXES.find((p) => uri.startsWith(p));
    if (prefix) return { ok: true, kind: 'prefix', prefix };
  }
  const named = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(uri)?.[1] ?? scheme[0].slice(0, -3);
  return { ok: false, reason: 'UnsupportedStorageUri', scheme: named, message: unsupportedMessage(uri) };
}
