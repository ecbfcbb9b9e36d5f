/** plan segment --backtest as a document: growth by tier, lift of A over C, Spearman's rho, with the counts behind them. */
import type { BacktestAnalysis } from '../analyses/backtest.js';
import { grouped } from '../errors.js';
import type { Column, Document, Figure } from '../render/document.js';
import type { NumberFormat } from '../render/numbers.js';
import { unitsOfCents } from '../schema/money.js';

const TIER_COLUMNS: Column[] = [
  { key: 'tier', label: 'tier', type: 'text', priority: 1 },
  { key: 'accounts', label: 'accounts', type: 'int', priority: 1 },
  { key: 'buying_before', label: 'buying before', type: 'int', priority: 3 },
  { key: 'buying_after', label: 'buying after', type: 'int', priority: 3 },
  { key: 'won', label: 'won', type: 'int' },
  { key: 'lost', label: 'lost', type: 'int' },
  { key: 'revenue_before', label: 'revenue before', type: 'money', priority: 3 },
  { key: 'revenue_after', label: 'revenue after', type: 'money', priority: 3 },
  { key: 'growth', label: 'growth', type: 'money', priority: 1 },
  { key: 'growth_rate', label: 'growth rate', type: 'percent' },
  { key: 'growth_per_account', label: 'per account', type: 'money', priority: 1 },
];

export function backtestDocument(r: BacktestAnalysis): Document {
  const rho =
    (c: { rho: number | null; n: number }) =>
    (n: NumberFormat): string =>
      `${c.rho === null ? 'none' : n.number(c.rho, 3)} (n = ${n.int(c.n)})`;
  const figures: Figure[] = [
    { label: 'ranked as of', value: r.asOf, type: 'text' },
    { label: 'accounts', value: r.accounts, type: 'int' },
    {
      label: 'lift of A over C',
      value:
        r.lift.value === null
          ? `none: ${r.lift.why}`
          : (n) =>
              `${n.number(r.lift.value as number, 2)}x (${n.money(r.lift.a as number)} vs ${n.money(r.lift.c as number)} growth per account)`,
      type: 'text',
    },
    { label: "Spearman's rho, headroom vs growth: accounts", value: rho(r.spearman.accounts), type: 'text' },
    { label: "Spearman's rho, headroom vs growth: segments", value: rho(r.spearman.segments), type: 'text' },
  ];
  if (r.untiered > 0) figures.push({ label: 'accounts without a tier', value: r.untiered, type: 'int' });
  return {
    title: `Backtest: the segment ranking as of ${r.asOf} against the ${r.horizonMonths} months after`,
    figures,
    tables: [
      {
        name: 'tiers',
        columns: TIER_COLUMNS,
        rows: r.tiers.map((t) => ({
          tier: t.tier,
          accounts: t.accounts,
          buying_before: t.buyingBefore,
          buying_after: t.buyingAfter,
          won: t.won,
          lost: t.lost,
          revenue_before: unitsOfCents(t.revenueBeforeCents),
          revenue_after: unitsOfCents(t.revenueAfterCents),
          growth: unitsOfCents(t.growthCents),
          growth_rate: t.growthRate,
          growth_per_account: t.growthPerAccount,
        })),
      },
    ],
    charts: [],
    notes: [
      `Ranked as plan segment ranks, with revenue from orders.csv up to ${r.asOf} only (revenue_12m is today's figure and is not used); customers.csv and market.csv are today's, so an account added since is ranked as if it had been there.`,
      `Revenue before: ${r.before.from} to ${r.before.to}; after: ${r.after.from} to ${r.after.to}; ${grouped(r.outside)} order line${r.outside === 1 ? '' : 's'} outside both (or without a customer).`,
      "Growth = revenue after - before; lift = tier A's growth per account / tier C's; rho above 0: more headroom went with more growth.",
    ],
    data: r,
  };
}
