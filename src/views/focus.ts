/** plan focus's result as a document: reps (effort against potential), the revenue bridge, tiers, deciles, flagged accounts. */
import type { Cents, FocusAccountLine, FocusAnalysis, FocusGroup, Period } from '../core/focus.js';
import type { Column, Document, Figure, Prose, Row, Table } from '../render/document.js';
import { seriesOfParts } from '../render/format.js';
import { type Day, formatDay } from '../schema/calendar.js';

export interface FocusView {
  /** The flagged reps' overdue A-tier accounts first (what --format csv writes). */
  accounts: boolean;
}

/** Integer cents -> the exact scaled integer a `money` cell or figure takes (ten-thousandths). */
export const focusMoney = (cents: Cents): bigint => BigInt(cents) * 100n;
const money = focusMoney;
const day = (d: Day | null) => (d === null ? null : formatDay(d));
const span = (p: Period) => `${formatDay(p.from)} to ${formatDay(p.to)}`;

const REP_COLUMNS: Column[] = [
  { key: 'rep', label: 'rep', type: 'text', priority: 1 },
  { key: 'accounts', label: 'accounts', type: 'int', priority: 3 },
  { key: 'sales_touches', label: 'sales touches', type: 'int', priority: 3 },
  { key: 'a_touch_share', label: 'A touches', type: 'percent', priority: 1 },
  { key: 'a_headroom_share', label: 'A headroom', type: 'percent', priority: 1 },
  { key: 'alignment', label: 'alignment', type: 'number', digits: 2, priority: 1 },
  { key: 'easy_touch_share', label: 'easy touches', type: 'percent', priority: 1 },
  { key: 'easy_revenue_share', label: 'easy revenue', type: 'percent' },
  { key: 'overdue_a', label: 'A overdue', type: 'int' },
  { key: 'incremental', label: 'incremental', type: 'money', priority: 3 },
  { key: 'flags', label: 'flags', type: 'text', priority: 1 },
  { key: 'headroom', label: 'headroom', type: 'estimate', detail: true },
  { key: 'easy_accounts', label: 'easy accounts', type: 'int', detail: true },
  { key: 'easy_touches', label: 'easy touches (count)', type: 'int', detail: true },
  { key: 'previous', label: 'previous revenue', type: 'money', detail: true },
  { key: 'won', label: 'won', type: 'money', detail: true },
  { key: 'growth', label: 'growth', type: 'money', detail: true },
  { key: 'decline', label: 'decline', type: 'money', detail: true },
  { key: 'lost', label: 'lost', type: 'money', detail: true },
  { key: 'current', label: 'current revenue', type: 'money', detail: true },
  { key: 'a_revenue_share', label: 'A revenue', type: 'percent', detail: true },
];

// The bridge adds up across a row: on a narrow terminal its money goes to whole units, then thousands, before a term goes.
const BRIDGE_COLUMNS: Column[] = [
  { key: 'rep', label: 'rep', type: 'text', priority: 1 },
  { key: 'previous', label: 'previous', type: 'money', priority: 1, compact: true },
  { key: 'won', label: '+ won', type: 'money', compact: true },
  { key: 'growth', label: '+ growth', type: 'money', compact: true },
  { key: 'decline', label: '- decline', type: 'money', compact: true },
  { key: 'lost', label: '- lost', type: 'money', priority: 1, compact: true },
  { key: 'current', label: '= current', type: 'money', priority: 1, compact: true },
  { key: 'incremental', label: 'incremental', type: 'money', priority: 3, compact: true },
  { key: 'retained_accounts', label: 'retained', type: 'int', detail: true },
  { key: 'won_accounts', label: 'won accounts', type: 'int', detail: true },
  { key: 'lost_accounts', label: 'lost accounts', type: 'int', detail: true },
  { key: 'easy_revenue', label: 'easy revenue', type: 'money', detail: true },
  { key: 'a_revenue', label: 'A revenue', type: 'money', detail: true },
];

const EFFORT_COLUMNS = (group: { key: string; label: string }): Column[] => [
  { key: 'rep', label: 'rep', type: 'text', priority: 1 },
  { key: group.key, label: group.label, type: group.key === 'decile' ? 'int' : 'text', priority: 1 },
  { key: 'accounts', label: 'accounts', type: 'int', priority: 3 },
  { key: 'touches', label: 'sales touches', type: 'int' },
  // Each rep's tiers (or deciles) are the whole of that rep's touches and headroom.
  { key: 'touch_share', label: 'touch share', type: 'percent', priority: 1, parts: 'rep' },
  { key: 'headroom_share', label: 'headroom share', type: 'percent', priority: 1, parts: 'rep' },
  { key: 'headroom', label: 'headroom', type: 'estimate' },
];

const ACCOUNT_COLUMNS: Column[] = [
  { key: 'rep', label: 'rep', type: 'text', priority: 1 },
  { key: 'id', label: 'id', type: 'text', priority: 1 },
  { key: 'name', label: 'name', type: 'text', priority: 1 },
  { key: 'status', label: 'status', type: 'text', detail: true },
  { key: 'tier', label: 'tier', type: 'text', priority: 3 },
  { key: 'headroom', label: 'headroom', type: 'estimate' },
  { key: 'share_of_wallet', label: 'share of wallet', type: 'percent', digits: 0, priority: 3 },
  { key: 'sales_touches', label: 'sales touches', type: 'int', priority: 3 },
  { key: 'last_touch', label: 'last touch', type: 'date' },
  { key: 'cadence', label: 'cadence', type: 'int', detail: true },
  { key: 'days_since_touch', label: 'days since', type: 'int', detail: true },
  { key: 'days_overdue', label: 'overdue', type: 'int', priority: 1 },
  { key: 'never_touched', label: 'never touched', type: 'text', detail: true },
];

function repRow(g: FocusGroup): Row {
  const e = g.effort;
  const r = g.revenue;
  const a = e.byTier.find((t) => t.tier === 'A');
  return {
    rep: g.rep,
    accounts: g.accounts,
    sales_touches: e.salesTouches,
    a_touch_share: a?.touchShare ?? null,
    a_headroom_share: a?.headroomShare ?? null,
    alignment: e.alignment,
    easy_touch_share: e.easy.touchShare,
    easy_revenue_share: r.easy.share,
    overdue_a: g.overdueTop,
    incremental: money(r.incremental),
    flags: g.flags.join(' '),
    headroom: money(e.headroom),
    easy_accounts: e.easy.accounts,
    easy_touches: e.easy.touches,
    previous: money(r.previous),
    won: money(r.won.amount),
    growth: money(r.growth.amount),
    decline: money(r.decline.amount),
    lost: money(r.lost.amount),
    current: money(r.current),
    a_revenue_share: r.top.share,
  };
}

function bridgeRow(g: FocusGroup): Row {
  const r = g.revenue;
  return {
    rep: g.rep,
    previous: money(r.previous),
    won: money(r.won.amount),
    growth: money(r.growth.amount),
    decline: money(r.decline.amount),
    lost: money(r.lost.amount),
    current: money(r.current),
    incremental: money(r.incremental),
    retained_accounts: r.retained.accounts,
    won_accounts: r.won.accounts,
    lost_accounts: r.lost.accounts,
    easy_revenue: money(r.easy.revenue),
    a_revenue: money(r.top.revenue),
  };
}

function accountRow(a: FocusAccountLine): Row {
  return {
    rep: a.owner,
    id: a.id,
    name: a.name,
    status: a.status,
    tier: a.tier,
    headroom: money(a.headroom),
    share_of_wallet: a.shareOfWallet,
    sales_touches: a.touches,
    last_touch: day(a.lastTouch),
    cadence: a.cadence,
    days_since_touch: a.daysSinceTouch,
    days_overdue: a.daysOverdue,
    never_touched: a.neverTouched,
  };
}

export function focusDocument(analysis: FocusAnalysis, view: FocusView): Document {
  const { team, rules } = analysis;
  const groups = [...analysis.reps, team];
  const b = team.revenue;
  const figures: Figure[] = [
    { label: 'period', value: `${span(analysis.period)} against ${span(analysis.previous)}`, type: 'text' },
    { label: 'alignment index (team)', value: team.effort.alignment, type: 'number', digits: 2 },
    { label: 'sales touches on easy accounts', value: team.effort.easy.touchShare, type: 'percent' },
    { label: 'revenue from easy accounts', value: b.easy.share, type: 'percent' },
    {
      label: 'revenue bridge',
      value: (n) =>
        `${n.money(money(b.previous))} previous + ${n.money(money(b.won.amount))} won + ${n.money(money(b.growth.amount))} growth - ${n.money(money(b.decline.amount))} decline - ${n.money(money(b.lost.amount))} lost = ${n.money(money(b.current))}`,
      type: 'text',
    },
    { label: 'incremental revenue', value: money(b.incremental), type: 'money' },
    { label: 'reps chasing easy orders', value: analysis.flagged, type: 'int' },
  ];
  const notes: Prose[] = [
    (n) =>
      `As of ${formatDay(analysis.asOf)}. Easy accounts buy ${n.percent(rules.easyShare, 0)} or more of their potential (share of wallet); ` +
      `the alignment index is the A tier's share of a rep's sales touches over its share of the rep's headroom (1 = effort follows potential). ` +
      `A rep is flagged chasing-easy-orders when more than ${n.percent(rules.mostly, 0)} of their sales touches go to easy accounts while an A-tier account of theirs is overdue.`,
    'Tiers and headroom come from the segment analysis (plan segment); overdue from the contact rules (plan contact). docs/focus.md has every rule.',
  ];
  if (analysis.filter.rep !== null) notes.push(`Only rep ${analysis.filter.rep}; the team row is every account.`);
  const ignored = ignoredNote(analysis.ignored);
  if (ignored) notes.push(ignored);

  const tables: Table[] = [
    { name: 'reps', title: 'Effort against potential, by rep (flagged first)', columns: REP_COLUMNS, rows: groups.map(repRow) },
    {
      name: 'bridge',
      title: `Where revenue came from: previous + won + growth - decline - lost = current`,
      columns: BRIDGE_COLUMNS,
      rows: groups.map(bridgeRow),
    },
    {
      name: 'tiers',
      title: 'Sales touches by tier against headroom',
      columns: EFFORT_COLUMNS({ key: 'tier', label: 'tier' }),
      rows: groups.flatMap((g) => g.effort.byTier.map((t) => ({ rep: g.rep, ...effortCells(t), tier: t.tier }))),
    },
    {
      name: 'deciles',
      title: 'Team: sales touches by headroom decile (1 = the tenth of accounts with the most headroom)',
      columns: EFFORT_COLUMNS({ key: 'decile', label: 'decile' }),
      rows: team.effort.byDecile.map((d) => ({ rep: team.rep, ...effortCells(d), decile: d.decile })),
    },
  ];
  if (view.accounts) {
    const listed = analysis.accounts;
    if (listed.length < analysis.named)
      notes.push((n) => `The first ${n.int(listed.length)} of ${n.int(analysis.named)} overdue A-tier accounts of flagged reps.`);
    if (analysis.named === 0) notes.push('No rep is flagged: no account to name.');
    else
      notes.push(
        "Accounts by rep, then in plan contact's risk order: renewal risk first, then post-sale silence, then more flags, then days overdue (plan contact --accounts --rep REP shows their flags).",
      );
    tables.unshift({
      name: 'accounts',
      title: 'Overdue A-tier accounts of reps chasing easy orders',
      columns: ACCOUNT_COLUMNS,
      rows: listed.map(accountRow),
    });
  }
  return {
    title: view.accounts ? 'Overdue A-tier accounts of reps chasing easy orders' : 'Focus: are reps chasing the easy orders?',
    figures,
    tables,
    charts: [
      {
        title: 'Sales touches against headroom by tier (team)',
        series: ['touch share', 'headroom share'],
        rows: seriesOfParts(
          team.effort.byTier.map((t) => ({ label: `tier ${t.tier}`, values: [t.touchShare ?? 0, t.headroomShare ?? 0] })),
        ),
      },
    ],
    notes,
    data: jsonData(analysis, view),
  };
}

function effortCells(r: { accounts: number; touches: number; touchShare: number | null; headroom: Cents; headroomShare: number | null }) {
  return {
    accounts: r.accounts,
    touches: r.touches,
    touch_share: r.touchShare,
    headroom_share: r.headroomShare,
    headroom: money(r.headroom),
  };
}

/** The whole result, dates as YYYY-MM-DD; money in integer cents (exact), as `money` says. */
function jsonData(analysis: FocusAnalysis, view: FocusView) {
  const { asOf, period, previous, accounts, ...rest } = analysis;
  return {
    money: 'integer cents',
    asOf: formatDay(asOf),
    period: { from: formatDay(period.from), to: formatDay(period.to) },
    previous: { from: formatDay(previous.from), to: formatDay(previous.to) },
    ...rest,
    ...(view.accounts ? { accounts: accounts.map((a) => ({ ...a, lastTouch: day(a.lastTouch) })) } : {}),
  };
}

function ignoredNote(ignored: FocusAnalysis['ignored']): Prose | undefined {
  const o = ignored.orders;
  const t = ignored.touches;
  const unknownTypes = t.unknownTypes.reduce((n, x) => n + x.count, 0);
  const parts: [number, string][] = [
    [o.unknownCustomers.rows, 'order line$ for unknown customers'],
    [o.noCustomer?.rows ?? 0, 'order line$ without a customer id'],
    [t.noCustomer.rows, 'touch$ without a customer id'],
    [t.unknownCustomers.rows, 'touch$ for unknown customers'],
    [unknownTypes, 'touch$ of unknown types'],
    [t.afterAsOf.rows, 'touch$ after the as-of day'],
  ].filter(([count]) => (count as number) > 0) as [number, string][];
  if (parts.length === 0) return undefined;
  const plural = (count: number, what: string) => what.replace('$', count === 1 ? '' : what.startsWith('touch') ? 'es' : 's');
  return (n) => `Left out: ${parts.map(([count, what]) => `${n.int(count)} ${plural(count, what)}`).join('; ')}.`;
}
