/** plan cost's result as a document: channels, customers, segments or tiers; shifts; the order/cost share chart. */
import type { ChannelCosts } from '../core/channels.js';
import type { ChannelResult, CostAnalysis, CustomerResult, GroupResult } from '../core/cost.js';
import type { Column, Document, Figure, Prose, Row, Table, Words } from '../render/document.js';
import { seriesOfParts } from '../render/format.js';
import { formatDay } from '../schema/calendar.js';
import { CHANNELS } from '../schema/config.js';
import { unitsOfCents } from '../schema/money.js';

const CHANNEL_COLUMNS: Column[] = [
  { key: 'channel', label: 'channel', type: 'text', priority: 1 },
  // Four decimals: e-mail at 0.025 must not print (or export) as 0.03.
  { key: 'cost_per_order', label: 'cost/order', type: 'money', digits: 4 },
  { key: 'customers', label: 'customers', type: 'int', detail: true },
  { key: 'orders', label: 'orders', type: 'int', priority: 1 },
  { key: 'order_share', label: 'order share', type: 'percent', parts: true },
  { key: 'revenue', label: 'revenue', type: 'money' },
  { key: 'average_order', label: 'avg order', type: 'money', priority: 3 },
  { key: 'cost', label: 'cost', type: 'money', priority: 1 },
  { key: 'cost_share', label: 'cost share', type: 'percent', priority: 1, parts: true },
  { key: 'cost_to_revenue', label: 'cost % revenue', type: 'percent', digits: 2, priority: 3 },
  { key: 'returns', label: 'returns', type: 'int', priority: 3 },
  { key: 'returned', label: 'returned', type: 'money', detail: true },
];

const SHIFT_COLUMNS: Column[] = [
  // Whole in the views; CSV and JSON keep the fraction a share of orders makes.
  { key: 'orders_after', label: 'orders after', type: 'number', digits: 1, priority: 3 },
  { key: 'cost_after', label: 'cost after', type: 'money' },
  { key: 'saving', label: 'saving', type: 'money', priority: 1 },
];

const CUSTOMER_COLUMNS: Column[] = [
  { key: 'rank', label: 'rank', type: 'int', priority: 1 },
  { key: 'id', label: 'id', type: 'text', priority: 1 },
  { key: 'known', label: 'in customers.csv', type: 'text', detail: true },
  { key: 'segment', label: 'segment', type: 'text', detail: true },
  { key: 'tier', label: 'tier', type: 'text', detail: true },
  { key: 'main_channel', label: 'main channel', type: 'text' },
  { key: 'main_channel_share', label: 'share', type: 'percent', digits: 0, priority: 3 },
  { key: 'orders', label: 'orders', type: 'int' },
  ...CHANNELS.map((c): Column => ({ key: `${c}_orders`, label: `${c} orders`, type: 'int', detail: true })),
  { key: 'revenue', label: 'revenue', type: 'money' },
  { key: 'average_order', label: 'avg order', type: 'money', priority: 3 },
  { key: 'cost', label: 'cost', type: 'money', priority: 1 },
  { key: 'cost_per_order', label: 'cost/order', type: 'money', detail: true },
  { key: 'cost_to_revenue', label: 'cost % revenue', type: 'percent', digits: 2, priority: 1 },
  { key: 'returns', label: 'returns', type: 'int', detail: true },
  { key: 'returned', label: 'returned', type: 'money', detail: true },
  { key: 'flag', label: 'flag', type: 'text', priority: 1 },
  { key: 'reason', label: 'why', type: 'text' },
];

function groupColumns(by: 'segment' | 'tier'): Column[] {
  return [
    { key: by, label: by, type: 'text', priority: 1, whole: true },
    ...(by === 'segment' ? [{ key: 'tier', label: 'tier', type: 'text', priority: 1 } as Column] : []),
    { key: 'customers', label: 'customers', type: 'int', priority: 3 },
    { key: 'orders', label: 'orders', type: 'int' },
    ...CHANNELS.map((c): Column => ({ key: `${c}_orders`, label: `${c} orders`, type: 'int', detail: true })),
    { key: 'order_share', label: 'order share', type: 'percent', priority: 3, parts: true },
    { key: 'revenue', label: 'revenue', type: 'money' },
    { key: 'cost', label: 'cost', type: 'money', priority: 1 },
    ...CHANNELS.map((c): Column => ({ key: `${c}_cost`, label: `${c} cost`, type: 'money', detail: true })),
    { key: 'cost_share', label: 'cost share', type: 'percent', priority: 1, parts: true },
    { key: 'cost_per_order', label: 'cost/order', type: 'money', priority: 3 },
    { key: 'cost_to_revenue', label: 'cost % revenue', type: 'percent', digits: 2 },
    { key: 'flagged', label: 'flagged', type: 'int' },
  ];
}

const TITLES = {
  channel: 'Cost to serve by ordering channel',
  customer: 'Customers by cost to serve as a share of revenue',
  segment: 'Cost to serve by segment',
  tier: 'Cost to serve by tier',
} as const;

/**
 * How the channel costs were set, in words, its money by the run's formatter (as the cost per order beside
 * it): `article: relative 100 : 1 : 0.01 (...), scaled so that a field order costs €250.00 (default; set --unit-cost)`.
 */
export function channelCostsBasis(c: ChannelCosts): Words {
  return (n) => {
    const scale = c.scale
      ? `, scaled so that a ${c.scale.channel} order costs ${n.money(c.scale.cost, 4)}${c.scale.byDefault ? ' (default; set --unit-cost)' : ''}`
      : '';
    const outright =
      c.outright.length > 0 ? `; set outright: ${c.outright.map((o) => `${o.channel} ${n.money(o.cost, 4)}`).join(', ')}` : '';
    return `${c.preset}: ${c.description}${scale}${outright}`;
  };
}

/** The channel costs as JSON has them: the facts, and the basis worded as the figure shows it. */
export function channelCostsJson(c: ChannelCosts) {
  return { preset: c.preset, costs: c.costs, scale: c.scale, outright: c.outright, basis: channelCostsBasis(c) };
}

export function costDocument(analysis: CostAnalysis): Document {
  const { totals, shift, window } = analysis;
  const figures: Figure[] = [
    { label: 'orders dated', value: `${formatDay(window.from)} to ${formatDay(window.to)}`, type: 'text' },
    { label: 'channel costs', value: channelCostsBasis(analysis.costs), type: 'text' },
    {
      label: 'cost per order',
      value: (n) => CHANNELS.map((c) => `${c} ${n.money(analysis.costs.costs[c], 4)}`).join(', '),
      type: 'text',
    },
    { label: 'customers', value: totals.customers, type: 'int' },
    { label: 'orders', value: totals.orders, type: 'int' },
    // Sums over customers are handed over exact (their cents as BigInt): no total loses a cent, at any size.
    { label: 'revenue', value: unitsOfCents(totals.revenueCents), type: 'money' },
    { label: 'cost to serve', value: unitsOfCents(totals.costCents), type: 'money' },
    { label: 'cost % revenue', value: totals.costToRevenue, type: 'percent', digits: 2 },
    { label: 'returns (not netted)', value: totals.returns, type: 'int' },
    { label: 'returned amount', value: unitsOfCents(totals.returnedCents), type: 'money' },
    { label: 'flagged customers', value: totals.flagged, type: 'int' },
  ];
  if (shift) {
    figures.push(
      { label: 'cost after shifts', value: shift.after, type: 'money' },
      { label: 'saving', value: shift.saving, type: 'money' },
      { label: 'saving %', value: shift.savingShare, type: 'percent' },
    );
  }
  const unknownRows = analysis.unknownChannels.reduce((n, u) => n + u.rows, 0);
  if (unknownRows > 0) figures.push({ label: 'unknown channels (left out)', value: unknownRows, type: 'int' });
  if (analysis.unknownCustomers && analysis.unknownCustomers.rows > 0)
    figures.push({ label: 'rows for unknown customers', value: analysis.unknownCustomers.rows, type: 'int' });

  const notes: Prose[] = [
    (n) =>
      `Orders dated ${formatDay(window.from)} to ${formatDay(window.to)}; ${n.int(totals.outsideWindow)} of ${n.int(totals.rows)} valid rows fall outside (--from/--to).`,
    'A row is an order unless it repeats the order_id, customer and channel of the previous order row (a line of the same order).',
    'Returns (negative amounts) are counted apart: never orders, never netted into revenue or cost.',
  ];
  if (shift) notes.push(`What-if: ${shift.shifts.map((s) => s.text).join(', ')} (shares of each channel's orders before any shift).`);
  if (analysis.by === 'customer') notes.push(`Customers ${analysis.flagRule.text}.`);
  if (unknownRows > 0) {
    notes.push(
      (n) =>
        `Unknown channels, left out: ${analysis.unknownChannels
          .slice(0, 10)
          .map((u) => `"${u.label}" ${n.int(u.rows)} (first on line ${u.firstLine})`)
          .join(
            ', ',
          )}${analysis.unknownChannels.length > 10 ? ', ...' : ''}. Map them in plan.config.json "channelCosts": { "synonyms": { ... } }.`,
    );
  }

  const channelTable: Table = {
    name: 'channels',
    title: analysis.by === 'channel' ? undefined : 'By channel',
    columns: shift ? [...CHANNEL_COLUMNS, ...SHIFT_COLUMNS] : CHANNEL_COLUMNS,
    rows: [...analysis.channels.map(channelRow), totalRow(analysis)],
  };
  const tables: Table[] = [];
  if (analysis.by === 'customer') {
    tables.push({ name: 'customers', columns: CUSTOMER_COLUMNS, rows: analysis.customers.map(customerRow) }, channelTable);
  } else if (analysis.by === 'segment' || analysis.by === 'tier') {
    const by = analysis.by;
    tables.push({ name: `${by}s`, columns: groupColumns(by), rows: analysis.groups.map((g) => groupRow(g, by)) }, channelTable);
  } else tables.push(channelTable);

  return {
    title: TITLES[analysis.by],
    figures,
    tables,
    charts: [
      {
        title: 'Share of orders against share of cost',
        series: ['orders', 'cost'],
        rows: seriesOfParts(analysis.channels.map((c) => ({ label: c.channel, values: [c.orderShare, c.costShare] }))),
      },
    ],
    notes,
    data: {
      ...analysis,
      window: { from: formatDay(window.from), to: formatDay(window.to) },
      costs: channelCostsJson(analysis.costs),
      // Each customer's "why" worded as the table words it; its figures stay numbers in `costly`.
      customers: analysis.customers.map((c) => ({ ...c, reason: costlyReason(c) })),
    },
  };
}

function channelRow(c: ChannelResult): Row {
  return {
    channel: c.channel,
    cost_per_order: c.costPerOrder,
    customers: c.customers,
    orders: c.orders,
    order_share: c.orderShare,
    revenue: unitsOfCents(c.revenueCents),
    average_order: c.averageOrder,
    cost: c.cost,
    cost_share: c.costShare,
    cost_to_revenue: c.costToRevenue,
    returns: c.returns,
    returned: unitsOfCents(c.returnedCents),
    orders_after: c.after?.orders,
    cost_after: c.after?.cost,
    saving: c.after?.saving,
  };
}

function totalRow(a: CostAnalysis): Row {
  const t = a.totals;
  return {
    channel: 'total',
    cost_per_order: t.costPerOrder,
    customers: t.customers,
    orders: t.orders,
    order_share: t.orders > 0 ? 1 : 0,
    revenue: unitsOfCents(t.revenueCents),
    average_order: t.orders > 0 ? Math.round((t.revenue / t.orders) * 100) / 100 : null,
    cost: unitsOfCents(t.costCents),
    cost_share: t.cost > 0 ? 1 : 0,
    cost_to_revenue: t.costToRevenue,
    returns: t.returns,
    returned: unitsOfCents(t.returnedCents),
    orders_after: a.shift ? t.orders : undefined,
    cost_after: a.shift?.after,
    saving: a.shift?.saving,
  };
}

function customerRow(c: CustomerResult): Row {
  return {
    rank: c.rank,
    id: c.id,
    known: c.known === null ? '' : c.known ? 'yes' : 'no',
    segment: c.segment,
    tier: c.tier,
    main_channel: c.mainChannel,
    main_channel_share: c.mainChannelShare,
    orders: c.orders,
    ...Object.fromEntries(CHANNELS.map((ch) => [`${ch}_orders`, c.ordersByChannel[ch]])),
    revenue: c.revenue,
    average_order: c.averageOrder,
    cost: c.cost,
    cost_per_order: c.costPerOrder,
    cost_to_revenue: c.costToRevenue,
    returns: c.returns,
    returned: c.returned,
    flag: c.flagged ? 'move' : '',
    reason: costlyReason(c),
  };
}

/** Why a customer is flagged, its figures by the number formatter: `92% of orders by field, averaging €16.10`. */
function costlyReason(c: CustomerResult): Words | '' {
  const costly = c.costly;
  if (!costly) return '';
  // The share from the counts, rounded once as printed (`share` is rounded to 6 decimals for JSON).
  return (n) =>
    `${n.percent(costly.orders / c.orders, 0)} of orders by ${costly.channels.join('/')}, averaging ${n.money(costly.averageOrder)}`;
}

function groupRow(g: GroupResult, by: 'segment' | 'tier'): Row {
  return {
    ...(by === 'segment' ? { segment: g.group, tier: g.tier } : { tier: g.group }),
    customers: g.customers,
    orders: g.orders,
    ...Object.fromEntries(CHANNELS.map((ch) => [`${ch}_orders`, g.ordersByChannel[ch]])),
    order_share: g.orderShare,
    revenue: unitsOfCents(g.revenueCents),
    cost: g.cost,
    ...Object.fromEntries(CHANNELS.map((ch) => [`${ch}_cost`, g.costByChannel[ch]])),
    cost_share: g.costShare,
    cost_per_order: g.costPerOrder,
    cost_to_revenue: g.costToRevenue,
    flagged: g.flagged,
  };
}
