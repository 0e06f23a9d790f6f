// A small SVG bar chart written here rather than taken from a chart library: one series of up to a
// few hundred bars with two axes is ~100 lines, needs no runtime dependency in the bundle, and
// keeps full control of the accessible markup (role="img" with a name and a summary; the numbers
// themselves are in the table the screen shows beneath it).
import { useId } from 'preact/hooks';

/** One bar: the period it stands for, its value and how that value reads. */
export interface Bar {
  /** Full period (2026-03-02 or 2026-03), also the bar's tooltip. */
  readonly key: string;
  /** Axis label (e.g. 03-02 for a day). */
  readonly label: string;
  readonly value: number;
  /** The value formatted for people (¥1.20, 1,234). */
  readonly display: string;
}

export interface BarChartProps {
  /** Short name of the chart, e.g. "Messages per day". */
  readonly title: string;
  /** What a screen reader hears: range, total, highest bar. */
  readonly summary: string;
  readonly bars: readonly Bar[];
  readonly xLabel: string;
  readonly yLabel: string;
  /** Formats a y-axis tick; values are in the bars' unit (minor units for money). */
  readonly formatTick: (value: number) => string;
}

const WIDTH = 760;
const HEIGHT = 280;
const MARGIN = { top: 16, right: 12, bottom: 52, left: 76 };
const MAX_X_LABELS = 12;
const TICKS = 4;

/** A step of 1, 2 or 5 times a power of ten so that `TICKS` steps cover `max` (whole numbers only). */
export function niceScale(max: number): { step: number; top: number } {
  if (!(max > 0)) return { step: 1, top: TICKS };
  const raw = max / TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalised = raw / magnitude;
  const step = Math.max(1, (normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10) * magnitude);
  return { step, top: Math.ceil(max / step) * step };
}

/** Vertical bars with a value axis, period labels (thinned when crowded) and a tooltip per bar. */
export function BarChart({ title, summary, bars, xLabel, yLabel, formatTick }: BarChartProps) {
  const titleId = useId();
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const { step, top } = niceScale(Math.max(0, ...bars.map((b) => b.value)));
  const y = (value: number) => MARGIN.top + plotHeight - (Math.max(0, value) / top) * plotHeight;
  const slot = bars.length > 0 ? plotWidth / bars.length : plotWidth;
  const barWidth = Math.max(1, Math.min(48, slot * 0.7));
  const labelEvery = Math.max(1, Math.ceil(bars.length / MAX_X_LABELS));
  const ticks: number[] = [];
  for (let v = 0; v <= top && ticks.length <= TICKS + 1; v += step) ticks.push(v);

  return (
    <svg class="wallet-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} aria-describedby={titleId} data-testid="stats-chart">
      <title id={titleId}>{title}</title>
      {ticks.map((v) => (
        <g key={v} aria-hidden="true">
          <line class="chart-grid" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(v)} y2={y(v)} />
          <text class="chart-tick" x={MARGIN.left - 6} y={y(v)} text-anchor="end" dominant-baseline="middle">
            {formatTick(v)}
          </text>
        </g>
      ))}
      {bars.map((bar, i) => {
        const x = MARGIN.left + i * slot + (slot - barWidth) / 2;
        const barTop = y(bar.value);
        return (
          <g key={bar.key}>
            <rect class="chart-bar" x={x} y={barTop} width={barWidth} height={MARGIN.top + plotHeight - barTop} data-period={bar.key} data-value={bar.value}>
              <title>{`${bar.key}: ${bar.display}`}</title>
            </rect>
            {i % labelEvery === 0 ? (
              <text class="chart-tick" x={x + barWidth / 2} y={MARGIN.top + plotHeight + 16} text-anchor="middle" aria-hidden="true">
                {bar.label}
              </text>
            ) : null}
          </g>
        );
      })}
      <line class="chart-axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={MARGIN.top + plotHeight} y2={MARGIN.top + plotHeight} />
      <text class="chart-axis-label" x={MARGIN.left + plotWidth / 2} y={HEIGHT - 8} text-anchor="middle" aria-hidden="true">
        {xLabel}
      </text>
      <text class="chart-axis-label" transform={`translate(14 ${MARGIN.top + plotHeight / 2}) rotate(-90)`} text-anchor="middle" aria-hidden="true">
        {yLabel}
      </text>
    </svg>
  );
}
