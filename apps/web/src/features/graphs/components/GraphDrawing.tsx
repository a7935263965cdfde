import type { GraphLayout, LaidOutNode, LaidOutStep } from '@servedeck/shared';
import { Link } from 'react-router';
import { useTranslation } from '@/i18n';
import { useGraphsT } from '../i18n';
import { type ServiceStates, toneOf } from './step-state';

const NODE_W = 280;
const GAP_X = 90;
const HEAD = 52;
const ROW = 46;
const GAP_Y = 28;

type Box = { node: LaidOutNode; x: number; y: number; h: number };

/** Pixel boxes of the laid-out nodes: columns left to right, nodes stacked in each column. */
export function boxesOf(layout: GraphLayout): { boxes: Map<string, Box>; width: number; height: number } {
  const boxes = new Map<string, Box>();
  const colY = new Map<number, number>();
  for (const node of [...layout.nodes].sort((a, b) => a.column - b.column || a.row - b.row)) {
    const y = colY.get(node.column) ?? 0;
    const h = HEAD + Math.max(node.steps.length, 1) * ROW + 8;
    boxes.set(node.name, { node, x: node.column * (NODE_W + GAP_X), y, h });
    colY.set(node.column, y + h + GAP_Y);
  }
  const width = Math.max(0, layout.columns * (NODE_W + GAP_X) - GAP_X);
  const height = Math.max(0, ...[...colY.values()].map((v) => v - GAP_Y));
  return { boxes, width, height };
}

function StepContent({ step, states, ns }: { step: LaidOutStep; states: ServiceStates; ns: string }) {
  const t = useGraphsT();
  const { t: app } = useTranslation();
  const notes = [
    step.condition ? t('drawing.condition', { condition: step.condition }) : undefined,
    step.weight !== undefined ? t('drawing.weight', { weight: step.weight }) : undefined,
    step.dependency ? t('drawing.dependency', { dependency: step.dependency }) : undefined,
    step.data === '$request' ? t('drawing.dataRequest') : undefined,
  ].filter((n): n is string => n !== undefined);
  const target = step.target;
  let main: React.ReactNode;
  if (target.type === 'service') {
    const phase = states.get(target.name);
    const state = phase ? app(`phase.${phase}`) : t('drawing.notFound');
    main = (
      <Link
        className={`graph-step-link tone-${toneOf(phase)}`}
        to={`/ns/${encodeURIComponent(ns)}/isvc/${encodeURIComponent(target.name)}`}
        aria-label={t('drawing.stepService', { n: step.index + 1, name: target.name, state })}
      >
        <span className="graph-dot" aria-hidden="true" />
        {step.label}
        <span className="graph-step-state">{state}</span>
      </Link>
    );
  } else if (target.type === 'node') {
    main = (
      <a className="graph-step-link tone-info" href={`#graph-node-${target.name}`}>
        → {step.label}
      </a>
    );
  } else if (target.type === 'url') {
    main = <span className="mono">{target.url}</span>;
  } else {
    main = <span className="muted">{t('drawing.stepNone', { n: step.index + 1 })}</span>;
  }
  return (
    <>
      <span className="graph-step-n" aria-hidden="true">
        {step.index + 1}
      </span>
      <span className="graph-step-main">
        {main}
        {notes.length ? <span className="graph-step-notes">{notes.join(' · ')}</span> : null}
      </span>
    </>
  );
}

/**
 * The graph drawn: one box per node (its router type and its steps, in order), each step that calls an
 * InferenceService linked to it and coloured by its readiness, arrows from steps to the nodes they call.
 * Keyboard: the step links are ordinary links; the arrows are decoration (GraphText says the same in words).
 */
export function GraphDrawing({
  name,
  ns,
  layout,
  states,
}: {
  name: string;
  ns: string;
  layout: GraphLayout;
  states: ServiceStates;
}) {
  const t = useGraphsT();
  const { boxes, width, height } = boxesOf(layout);
  if (layout.nodes.length === 0) return <p className="muted">{t('drawing.empty')}</p>;
  const routerText = (type: string) =>
    ['Sequence', 'Switch', 'Ensemble', 'Splitter'].includes(type)
      ? t(`drawing.router.${type as 'Sequence'}`)
      : t('drawing.router.other', { type });
  return (
    <section className="graph-drawing" aria-label={t('drawing.label', { name })}>
      <div className="graph-canvas" style={{ width, height }}>
        <svg className="graph-edges" width={width} height={height} aria-hidden="true" focusable="false">
          <defs>
            <marker
              id="graph-arrow"
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" />
            </marker>
          </defs>
          {layout.edges.map((e) => {
            const from = boxes.get(e.fromNode);
            const to = boxes.get(e.toNode);
            if (!from || !to) return null;
            const x1 = from.x + NODE_W;
            const y1 = from.y + HEAD + e.fromStep * ROW + ROW / 2;
            const x2 = to.x;
            const y2 = to.y + HEAD / 2;
            const bend = Math.max(40, Math.abs(x2 - x1) / 2);
            return (
              <path
                key={`${e.fromNode}-${e.fromStep}`}
                d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`}
                markerEnd="url(#graph-arrow)"
              />
            );
          })}
        </svg>
        {[...boxes.values()].map(({ node, x, y, h }) => (
          <div
            key={node.name}
            id={`graph-node-${node.name}`}
            className={`graph-node${node.reachable ? '' : ' graph-node-unreachable'}`}
            style={{ left: x, top: y, width: NODE_W, height: h }}
          >
            <div className="graph-node-head">
              <strong>{node.name}</strong> <span className="graph-router">{node.routerType}</span>
              <div className="graph-router-text">
                {node.reachable ? routerText(node.routerType) : t('drawing.unreachable')}
              </div>
            </div>
            <ol className="graph-steps">
              {node.steps.map((s) => (
                <li key={s.index} className="graph-step" style={{ height: ROW }}>
                  <StepContent step={s} states={states} ns={ns} />
                </li>
              ))}
            </ol>
          </div>
        ))}
      </div>
      <p className="muted graph-legend">{t('drawing.legend')}</p>
    </section>
  );
}
