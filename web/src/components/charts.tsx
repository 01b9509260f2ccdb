import { formatPublished, instantOf } from '../format.js';

/**
 * The app's two charts, drawn as plain SVG: no chart library, so nothing adds inline styles the
 * page's CSP would refuse. Each has a text equivalent for screen readers.
 */

const DAY_MS = 86_400_000;
/** The day charts span at least this many days. */
const MIN_SPAN_DAYS = 7;
/** Widest a day's bar is drawn, in chart units. */
const MAX_BAR = 12;

/** Long spans are drawn per week or per month: a bar a day over years would be hairlines. */
const WEEKLY_AFTER_DAYS = 92;
const MONTHLY_AFTER_DAYS = 731;

interface Bin { key: number; label: string; count: number }

/** Counts per day, week (7 days from the first) or calendar month, by how long the span is. */
function binned(dated: { day: string; count: number; t: number }[], first: number, spanDays: number): { unit: 'day' | 'week' | 'month'; bins: Bin[]; slots: number } {
  const unit = spanDays > MONTHLY_AFTER_DAYS ? 'month' : spanDays > WEEKLY_AFTER_DAYS ? 'week' : 'day';
  const monthOf = (t: number): number => new Date(t).getUTCFullYear() * 12 + new Date(t).getUTCMonth();
  const keyOf = (t: number): number => (unit === 'month' ? monthOf(t) - monthOf(first) : Math.floor(Math.round((t - first) / DAY_MS) / (unit === 'week' ? 7 : 1)));
  const bins = new Map<number, Bin>();
  for (const d of dated) {
    const key = keyOf(d.t);
    const bin = bins.get(key) ?? { key, label: unit === 'month' ? d.day.slice(0, 7) : unit === 'week' ? `week of ${d.day}` : d.day, count: 0 };
    bin.count += d.count;
    bins.set(key, bin);
  }
  const last = Math.max(...dated.map((d) => keyOf(d.t)));
  return { unit, bins: [...bins.values()], slots: last + 1 };
}

/** The bar unit DayBars uses for days spanning from `firstDay` to `lastDay`. */
export function barUnit(firstDay: string, lastDay: string): 'day' | 'week' | 'month' {
  const spanDays = Math.round(((instantOf(lastDay) ?? 0) - (instantOf(firstDay) ?? 0)) / DAY_MS) + 1;
  return spanDays > MONTHLY_AFTER_DAYS ? 'month' : spanDays > WEEKLY_AFTER_DAYS ? 'week' : 'day';
}

/** Counts over time as bars from the first to the last date (empty stretches stay empty). */
export function DayBars(props: { days: { day: string; count: number }[]; label: string; width?: number; height?: number; className?: string }) {
  const { days, label } = props;
  const width = props.width ?? 120;
  const height = props.height ?? 28;
  const dated = days.map((d) => ({ ...d, t: instantOf(d.day) })).filter((d): d is { day: string; count: number; t: number } => d.t !== null);
  if (dated.length === 0) return null;
  const first = Math.min(...dated.map((d) => d.t));
  const last = Math.max(...dated.map((d) => d.t));
  const { unit, bins, slots } = binned(dated, first, Math.round((last - first) / DAY_MS) + 1);
  // At least a week's worth of slots, so a one-day story is one slim bar, not a block; the bars sit in the middle.
  const span = Math.max(slots, MIN_SPAN_DAYS);
  const most = Math.max(...bins.map((b) => b.count), 1);
  const slot = width / span;
  const bar = Math.max(1, Math.min(MAX_BAR, slot * 0.8));
  const shift = ((span - slots) / 2) * slot;
  const summary = `${label} per ${unit}: ${bins.map((b) => `${b.label} ${b.count}`).join(', ')}`;
  return (
    <svg class={props.className ?? 'day-bars'} viewBox={`0 0 ${width} ${height}`} width={width} height={height} preserveAspectRatio="none" role="img" aria-label={summary}>
      <title>{summary}</title>
      <line x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} class="axis" />
      {bins.map((b) => {
        const h = Math.max(2, ((height - 2) * b.count) / most);
        const x = shift + b.key * slot + (slot - bar) / 2;
        return <rect key={b.key} x={x} y={height - 1 - h} width={bar} height={h} class="bar" />;
      })}
    </svg>
  );
}

export interface TimelinePoint {
  articleId: string;
  outlet: string;
  published: string | null;
  copy: boolean;
  title: string | null;
}

/** Who reported when: one row per outlet, a dot per dated article (hollow for copies), first reports leftmost. */
export function TimelineChart(props: { points: TimelinePoint[]; onOpen?: (articleId: string) => void }) {
  const points = props.points.map((p) => ({ ...p, t: instantOf(p.published) })).filter((p): p is TimelinePoint & { t: number } => p.t !== null);
  if (points.length === 0) return <p class="muted">No dated articles to place on a timeline.</p>;
  const outlets: string[] = [];
  for (const p of [...points].sort((a, b) => a.t - b.t)) if (!outlets.includes(p.outlet)) outlets.push(p.outlet);
  const first = Math.min(...points.map((p) => p.t));
  const last = Math.max(...points.map((p) => p.t));
  // Narrow screens get a narrower drawing, so its text is not scaled down to nothing.
  const narrow = window.matchMedia('(max-width: 700px)').matches;
  const labelWidth = narrow ? 112 : 170;
  const plotWidth = narrow ? 210 : 560;
  const rightPad = 12;
  const row = 22;
  const top = 8;
  const height = top + outlets.length * row + 28;
  const x = (t: number): number => labelWidth + (last === first ? plotWidth / 2 : ((t - first) / (last - first)) * plotWidth);
  const ticks = last === first ? [first] : narrow ? [first, last] : [first, first + (last - first) / 2, last];
  const tickLabel = (t: number): string => {
    const iso = new Date(t).toISOString();
    return last - first < 2 * DAY_MS ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
  };
  const maxLabel = narrow ? 15 : 24;
  const short = (s: string): string => (s.length > maxLabel ? `${s.slice(0, maxLabel - 1)}…` : s);
  return (
    <figure class="timeline-chart">
      <svg viewBox={`0 0 ${labelWidth + plotWidth + rightPad} ${height}`} role="img" aria-labelledby="timeline-caption" preserveAspectRatio="xMinYMin meet">
        {outlets.map((outlet, i) => (
          <g key={outlet}>
            <text x={labelWidth - 8} y={top + i * row + row / 2 + 4} class="label" text-anchor="end">{short(outlet)}</text>
            <line x1={labelWidth} x2={labelWidth + plotWidth} y1={top + i * row + row / 2} y2={top + i * row + row / 2} class="grid" />
          </g>
        ))}
        {ticks.map((t, i) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={top} y2={top + outlets.length * row} class="grid" />
            <text x={x(t)} y={height - 8} class="tick" text-anchor={ticks.length === 1 ? 'middle' : i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}>{tickLabel(t)}</text>
          </g>
        ))}
        {points.map((p) => (
          <circle
            key={p.articleId}
            cx={x(p.t)}
            cy={top + outlets.indexOf(p.outlet) * row + row / 2}
            r={6}
            class={p.copy ? 'dot copy' : 'dot'}
            onClick={() => props.onOpen?.(p.articleId)}
          >
            <title>{`${p.outlet}, ${formatPublished(p.published)}${p.copy ? ' (copy)' : ''}: ${p.title ?? 'untitled'}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption id="timeline-caption">
        Who reported when: {outlets.length === 1 ? '1 outlet' : `${outlets.length} outlets`}, from {formatPublished(points.reduce((a, b) => (a.t <= b.t ? a : b)).published)} to{' '}
        {formatPublished(points.reduce((a, b) => (a.t >= b.t ? a : b)).published)}. Filled dots are original reports, hollow ones copies.
      </figcaption>
    </figure>
  );
}
