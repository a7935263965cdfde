import type { GraphLayout } from '@servedeck/shared';
import { useTranslation } from '@/i18n';
import { useGraphsT } from '../i18n';
import type { ServiceStates } from './step-state';

/** The graph in words: every node with its router and its steps (the drawing's text alternative). */
export function GraphText({ layout, states }: { layout: GraphLayout; states: ServiceStates }) {
  const t = useGraphsT();
  const { t: app } = useTranslation();
  return (
    <details className="graph-text">
      <summary>{t('drawing.textTitle')}</summary>
      <ul>
        {layout.nodes.map((node) => (
          <li key={node.name}>
            {t('drawing.node', { name: node.name })} ({node.routerType}
            {node.reachable ? '' : `, ${t('drawing.unreachable')}`})
            <ol>
              {node.steps.map((s) => {
                const n = s.index + 1;
                const tg = s.target;
                let text: string;
                if (tg.type === 'service') {
                  const phase = states.get(tg.name);
                  text = t('drawing.stepService', {
                    n,
                    name: tg.name,
                    state: phase ? app(`phase.${phase}`) : t('drawing.notFound'),
                  });
                } else if (tg.type === 'node') {
                  const missing = !layout.nodes.some((x) => x.name === tg.name);
                  text = missing
                    ? t('drawing.missingNode', { name: tg.name })
                    : t('drawing.stepNode', { n, name: tg.name });
                } else if (tg.type === 'url') text = t('drawing.stepUrl', { n, url: tg.url });
                else text = t('drawing.stepNone', { n });
                const notes = [
                  s.condition ? t('drawing.condition', { condition: s.condition }) : '',
                  s.weight !== undefined ? t('drawing.weight', { weight: s.weight }) : '',
                  s.data === '$request' ? t('drawing.dataRequest') : '',
                ].filter(Boolean);
                return <li key={s.index}>{notes.length ? `${text} (${notes.join(', ')})` : text}</li>;
              })}
            </ol>
          </li>
        ))}
      </ul>
    </details>
  );
}
