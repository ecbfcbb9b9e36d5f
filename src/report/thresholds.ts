/** `--fail-on "overdue>10%"`: metric, comparison, a share (with %) or a count (without). */
import { closest, distance } from 'fastest-levenshtein';
import { PlanError } from '../errors.js';

/** Metrics a threshold can test, by the section that yields them. */
export const METRICS = {
  overdue: 'contact: accounts overdue for contact (share of accounts)',
  'renewal-risk': 'contact: accounts with renewal-risk (share of accounts)',
  'post-sale-silence': 'contact: accounts with post-sale-silence (share of accounts)',
  'service-only': 'contact: accounts with service-only touches (share of accounts)',
  'cost-share': 'cost: cost to serve as a share of revenue',
  'unplanned-due': 'schedule: due calls that did not fit the planned slots (share of due calls)',
  'selling-share': 'time: direct selling share of hours',
  unmatched: 'segment: accounts without a market cell (share of accounts)',
  alignment: "focus: the team's alignment index (A-tier share of sales touches / of headroom; a number, e.g. alignment<0.8)",
  'chasing-easy-orders': 'focus: reps flagged chasing-easy-orders (share of reps)',
  'easy-revenue': 'focus: revenue of the period from easy accounts (share of revenue)',
  'revenue-lost': "focus: revenue of lost customers (share of the previous period's revenue)",
} as const satisfies Record<string, string>;

export type MetricName = keyof typeof METRICS;
const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export type Op = '>' | '>=' | '<' | '<=';

export interface Threshold {
  expression: string;
  metric: MetricName;
  op: Op;
  value: number;
  /** Compare the metric's share (`10%`) rather than its count (`10`). */
  percent: boolean;
}

export interface MetricValue {
  count: number;
  of?: number;
  share?: number;
}

export interface Breach {
  threshold: Threshold;
  value: number;
  description: string;
}

const EXPRESSION = /^\s*([a-z][a-z-]*)\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/i;

export function parseThreshold(expression: string): Threshold {
  const m = EXPRESSION.exec(expression);
  if (!m)
    throw new PlanError(
      'usage',
      `--fail-on takes METRIC>VALUE or METRIC>VALUE% (also >=, <, <=), e.g. "overdue>10%" (not "${expression}")`,
    );
  const name = (m[1] as string).toLowerCase();
  const metric = METRIC_NAMES.find((n) => n === name);
  if (!metric) {
    const best = closest(name, METRIC_NAMES);
    const hint = distance(name, best) <= 3 ? ` (did you mean "${best}"?)` : '';
    throw new PlanError('usage', `--fail-on: unknown metric "${name}"${hint}; known: ${METRIC_NAMES.join(', ')}`);
  }
  return { expression: expression.trim(), metric, op: m[2] as Op, value: Number(m[3]), percent: m[4] === '%' };
}

function valueFor(t: Threshold, metric: MetricValue): number | null {
  if (!t.percent) return metric.count;
  if (metric.share !== undefined) return metric.share * 100;
  return metric.of ? (metric.count / metric.of) * 100 : null;
}

/** The value a threshold is compared with, as report.json and the message give it: a share in percent to 2 decimals, a count as it is. */
export function comparedValue(t: Threshold, metric: MetricValue): number | null {
  const exact = valueFor(t, metric);
  // Rounding a count would misjudge an index: alignment 0.4378 is below 0.44.
  return exact === null || !t.percent ? exact : Math.round(exact * 100) / 100;
}

const compare: Record<Op, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

/** A figure in a message, read as everywhere else: thousands grouped (714,882.13), the decimals it has. */
const figure = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 6 });

/** Thresholds breached by the metrics; a metric whose section did not run cannot breach. */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  metrics: Readonly<Partial<Record<MetricName, MetricValue>>>,
): Breach[] {
  const breaches: Breach[] = [];
  for (const t of thresholds) {
    const metric = metrics[t.metric];
    if (!metric) continue;
    const value = comparedValue(t, metric);
    if (value === null || !compare[t.op](value, t.value)) continue;
    const shown = t.percent ? `${figure(value)}%` : figure(value);
    breaches.push({
      threshold: t,
      value,
      description: `${t.metric} is ${shown}${t.percent && metric.of !== undefined ? ` (${figure(metric.count)} of ${figure(metric.of)})` : ''}`,
    });
  }
  return breaches;
}
