import type { HistoryRevision } from '@servedeck/shared';
import { useId, useState } from 'react';
import { DiffView } from '@/components/code-editor/DiffView';
import { useHistoryT } from '../i18n';
import { specYaml } from '../spec-yaml';

const LIVE = 'live';

/** A diff between any two revisions (or a revision and the live spec). */
export function CompareRevisions({ revisions, liveSpec }: { revisions: HistoryRevision[]; liveSpec: unknown }) {
  const t = useHistoryT();
  const id = useId();
  const newest = revisions.at(-1);
  const [from, setFrom] = useState(String(revisions.at(-2)?.revision ?? newest?.revision ?? LIVE));
  const [to, setTo] = useState(LIVE);
  const label = (v: string) => (v === LIVE ? t('compare.live') : t('compare.revision', { n: v }));
  const text = (v: string) =>
    specYaml(v === LIVE ? liveSpec : (revisions.find((r) => String(r.revision) === v)?.spec ?? {}));
  const options = [...revisions.map((r) => String(r.revision)), LIVE];
  const select = (which: 'from' | 'to', value: string, set: (v: string) => void) => (
    <label htmlFor={`${id}-${which}`}>
      {t(which === 'from' ? 'compare.from' : 'compare.to')}{' '}
      <select id={`${id}-${which}`} value={value} onChange={(e) => set(e.target.value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('compare.title')}</h3>
      <div className="toolbar">
        {select('from', from, setFrom)}
        {select('to', to, setTo)}
      </div>
      <DiffView
        key={`${from}/${to}`}
        original={text(from)}
        modified={text(to)}
        language="yaml"
        originalLabel={label(from)}
        modifiedLabel={label(to)}
        height="40vh"
      />
    </section>
  );
}
