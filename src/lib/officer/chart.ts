/**
 * Geometry for the dashboard's completions chart, drawn as server-rendered
 * SVG: cumulative completions by month, a line for the number of licensed
 * drivers and a marker at the deadline month.
 */
import type { CompletionPoint } from './dashboard.ts';
import { formatCount, formatMonth } from '../format.ts';

export interface ChartGeometry {
  width: number;
  height: number;
  /** Plot area edges. */
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** SVG polyline points for the cumulative completions. */
  line: string;
  /** y of the "licensed drivers" line. */
  totalY: number;
  /** x of the deadline marker. */
  deadlineX: number;
  xLabels: Array<{ x: number; text: string }>;
  yLabels: Array<{ y: number; text: string }>;
}

const WIDTH = 720;
const HEIGHT = 320;
const MARGIN = { left: 64, right: 40, top: 16, bottom: 40 };

/** Every month from `from` to `to` (both `YYYY-MM`), counted on the strings: date-fns' `format` per month was a visible share of the dashboard. */
function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let m = from; m <= to; m = `${year}-${String(month).padStart(2, '0')}`) {
    months.push(m);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

/** Lays out the chart for the given monthly points, total drivers, deadline and today (YYYY-MM-DD). */
export function completionChart(
  points: CompletionPoint[],
  total: number,
  deadline: string,
  today: string,
): ChartGeometry {
  const deadlineMonth = deadline.slice(0, 7);
  const todayMonth = today.slice(0, 7);
  const first = [points[0]?.month ?? todayMonth, deadlineMonth, todayMonth].sort()[0]!;
  const last = [todayMonth, deadlineMonth].sort()[1]!;
  const months = monthsBetween(first, last);
  const left = MARGIN.left;
  const right = WIDTH - MARGIN.right;
  const top = MARGIN.top;
  const bottom = HEIGHT - MARGIN.bottom;
  const yMax = Math.max(total, points.at(-1)?.cumulative ?? 0, 1);
  const xFor = (month: string) =>
    left + (months.length > 1 ? (months.indexOf(month) / (months.length - 1)) * (right - left) : 0);
  const yFor = (n: number) => bottom - (n / yMax) * (bottom - top);

  const byMonth = new Map(points.map((p) => [p.month, p.cumulative]));
  let running = 0;
  const line = months
    .filter((m) => m <= todayMonth)
    .map((m) => {
      running = byMonth.get(m) ?? running;
      return `${xFor(m).toFixed(1)},${yFor(running).toFixed(1)}`;
    })
    .join(' ');

  const step = Math.max(1, Math.ceil(months.length / 8));
  const xLabels = months.filter((_, i) => i % step === 0).map((m) => ({ x: xFor(m), text: formatMonth(m, 'short') }));
  const yLabels = [0, 0.25, 0.5, 0.75, 1].map((f) => ({
    y: yFor(Math.round(yMax * f)),
    text: formatCount(Math.round(yMax * f)),
  }));

  return {
    width: WIDTH,
    height: HEIGHT,
    left,
    right,
    top,
    bottom,
    line,
    totalY: yFor(total),
    deadlineX: xFor(deadlineMonth),
    xLabels,
    yLabels,
  };
}
