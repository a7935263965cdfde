import { stringify } from 'yaml';

/** A spec as YAML for the diff views (stable: the same spec always gives the same text). */
export function specYaml(spec: unknown): string {
  return stringify({ spec }, { lineWidth: 0 });
}
