import { fieldOwners } from '@servedeck/shared';
import { useCallback, useMemo } from 'react';
import { useFormat, useTranslation } from '@/i18n';
import type { ParsedYaml } from '@/lib/yaml-paths';
import { type LineOwners, ownersByLine } from '../line-owners';

/**
 * "Who changed what" on the YAML tab: the live object's managedFields, per line of the text. `hover` is the
 * Monaco hover's Markdown for a line; `FieldOwnersStatus` says the same for the cursor's line (keyboard users).
 */
export function useFieldOwners(live: unknown, parsed: ParsedYaml) {
  const { t } = useTranslation();
  const f = useFormat();
  const owners = useMemo(() => fieldOwners(live), [live]);
  const byLine = useMemo(() => ownersByLine(parsed, owners), [parsed, owners]);
  const sentences = useCallback(
    (info: LineOwners) =>
      info.owners.map((o) =>
        t('editor.owners.lastSet', {
          manager: o.manager,
          operation: o.operation || '?',
          time: o.time ? f.dateTime(o.time) : t('editor.owners.noTime'),
        }),
      ),
    [t, f],
  );
  const hover = useCallback(
    (line: number) => {
      const info = byLine.get(line);
      if (!info) return undefined;
      const md = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
      return [`\`${info.field}\``, ...sentences(info).map(md)].join('\n\n');
    },
    [byLine, sentences],
  );
  return { byLine, hover, sentences };
}

export function FieldOwnersStatus({
  line,
  info,
  sentences,
}: {
  line: number | undefined;
  info: LineOwners | undefined;
  sentences: (info: LineOwners) => string[];
}) {
  const { t } = useTranslation();
  return (
    <p className="muted small field-owners" role="status" aria-live="polite">
      {line === undefined
        ? t('editor.owners.hint')
        : info
          ? `${t('editor.owners.line', { line, field: info.field })} ${sentences(info).join('; ')}`
          : t('editor.owners.none', { line })}
    </p>
  );
}
