import { stringify } from 'yaml';

/** A spec as YAML for the dry run's diff (the same spec always gives the same text). */
export function specYaml(spec: unknown): string {
  return stringify({ spec: spec ?? {} }, { lineWidth: 0 });
}
