import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useFormat } from '@/i18n';
import { aligned, type ChartDef } from '../chart-data';
import { useMetricsT } from '../i18n';
import { chartColors, watchTheme } from '../theme-colors';

export type TimeChartProps = { def: ChartDef; start: number; end: number; step: number };

/**
 * One uPlot time-series chart (lazy chunk). The legend under it follows the crosshair: the absolute time and
 * each line's value with its unit. `data-points` holds the number of points per line (for tests).
 */
export default function TimeChart({ def, start, end, step }: TimeChartProps) {
  const t = useMetricsT();
  const fmt = useFormat();
  const host = useRef<HTMLDivElement>(null);
  const [themeTick, setThemeTick] = useState(0);
  useEffect(() => watchTheme(() => setThemeTick((n) => n + 1)), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: themeTick redraws with the new theme's colours
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const colors = chartColors(el);
    const unit = t(def.unit);
    const num = new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: def.decimals });
    // x ticks in the UI's locale: times of day, with the date for ranges over a day
    const long = end - start > 24 * 3600;
    const tick = new Intl.DateTimeFormat(
      fmt.locale,
      long ? { month: 'short', day: 'numeric', hour: 'numeric' } : { hour: 'numeric', minute: '2-digit' },
    );
    const value = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${num.format(v)} ${unit}`);
    const labelOf = (l: ChartDef['lines'][number]) => ('key' in l.label ? t(l.label.key) : l.label.text);
    const opts: uPlot.Options = {
      width: Math.max(240, el.clientWidth),
      height: 180,
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      legend: { live: true },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] } },
      axes: [
        {
          stroke: colors.muted,
          grid: { stroke: colors.grid, width: 1 },
          ticks: { stroke: colors.grid },
          values: (_u, splits) => splits.map((v) => tick.format(v * 1000)),
        },
        {
          stroke: colors.muted,
          grid: { stroke: colors.grid, width: 1 },
          ticks: { stroke: colors.grid },
          size: 60,
          // whole-number charts (replicas) get whole-number ticks only
          ...(def.decimals === 0 ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] } : {}),
          values: (_u, splits) => splits.map((v) => num.format(v)),
        },
      ],
      series: [
        {
          label: t('crosshair.time'),
          value: (_u, v) => (v === null ? '—' : fmt.dateTime(new Date(v * 1000).toISOString())),
        },
        ...def.lines.map((l, i) => {
          const label = labelOf(l);
          const stroke = colors.outcome[label] ?? colors.palette[i % colors.palette.length] ?? colors.fg;
          return {
            label,
            stroke,
            width: 2,
            spanGaps: false,
            points: { show: false },
            value: (_u: uPlot, v: number | null) => value(v),
          };
        }),
      ],
    };
    const chart = new uPlot(opts, aligned(start, end, step, def.lines) as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => chart.setSize({ width: Math.max(240, el.clientWidth), height: 180 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.destroy();
    };
  }, [def, start, end, step, t, fmt, themeTick]);

  return (
    <div
      ref={host}
      className="metrics-chart"
      data-chart={def.id}
      data-points={def.lines.map((l) => l.points.length).join(',')}
    />
  );
}
