/** A model's storage URI as a key/value entry's value: monospace text, or a dash when the spec names none. */
export function StorageUri({ uri }: { uri: string | undefined }) {
  return uri ? <span className="mono">{uri}</span> : '—';
}
