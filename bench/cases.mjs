// The bench cases: each runs plan and DuckDB on the same files and says how to check that they agree.
// To add one (products, focus, ...): data files, plan's arguments, the SQL (bench/sql.mjs), and the columns to compare.
import { AS_OF, bigData, scheduleData, timeData } from './data.mjs';
import {
  contactAccountsSql,
  contactSql,
  costSql,
  focusSql,
  productsSql,
  scheduleSql,
  segmentAccountsSql,
  segmentSql,
  timeSql,
} from './sql.mjs';

const common = ['--as-of', AS_OF, '--format', 'csv'];

const COST_COLUMNS = { customers: 'int', orders: 'int', revenue: 'money', cost: 'money', returns: 'int', returned: 'money' };
const SEGMENT_COLUMNS = {
  rank: 'int',
  tier: 'text',
  accounts: 'int',
  customers: 'int',
  prospects: 'int',
  firms: 'int',
  whitespace: 'int',
  market_spend: 'money',
  revenue: 'money',
  potential: 'money',
  account_headroom: 'money',
  whitespace_headroom: 'money',
  headroom: 'money',
  growth_headroom: 'money',
};
const CONTACT_GROUP_COLUMNS = Object.fromEntries(
  [
    'accounts',
    'judged',
    'within_cadence',
    'overdue',
    'never_touched',
    'renewals_due',
    'renewal_risk',
    'post_sale_silence',
    'post_sale_due',
    'service_only',
  ].map((c) => [c, 'int']),
);

/** plan's warning about orders for unknown customers against DuckDB's anti-join counts (the total row). */
function unknownCustomers(stderr, duckRows) {
  const m = /([\d,]+) rows? for ([\d,]+) unknown customers?/.exec(stderr);
  const total = duckRows.find((r) => r.channel === 'total');
  const plan = m ? [Number(m[1].replaceAll(',', '')), Number(m[2].replaceAll(',', ''))] : [0, 0];
  const duck = [Number(total?.unknown_rows), Number(total?.unknown_customers)];
  return plan[0] === duck[0] && plan[1] === duck[1]
    ? []
    : [`unknown customers: plan ${plan[0]} rows / ${plan[1]} ids, DuckDB ${duck[0]} / ${duck[1]}`];
}

const cost = (label, ordersOf, withCustomers) => ({
  name: label,
  about: `plan cost, 5M order lines, 1M customers${withCustomers ? ', with customers.csv (unknown-customer check)' : ''}`,
  files: (d = bigData()) => {
    return { orders: ordersOf(d), customers: withCustomers ? d.customers : undefined };
  },
  plan: (f) => ['cost', '--orders', f.orders, ...(f.customers ? ['--customers', f.customers] : [])],
  sql: costSql,
  compare: { keys: ['channel'], columns: COST_COLUMNS },
  extra: withCustomers ? unknownCustomers : undefined,
});

export const CASES = [
  cost('cost', (d) => d.ordersShuffled, false),
  cost('cost-sorted', (d) => d.orders, false),
  cost('cost-customers', (d) => d.ordersShuffled, true),
  {
    name: 'segment',
    about: 'plan segment, 1M accounts, 82 market rows: the segment table',
    files: (d = bigData()) => {
      return { customers: d.customers, market: d.market };
    },
    plan: (f) => ['segment', '--customers', f.customers, '--market', f.market],
    sql: segmentSql,
    compare: { keys: ['segment'], columns: SEGMENT_COLUMNS },
  },
  {
    name: 'segment-accounts',
    about: 'plan segment --accounts: 1M accounts ranked, written as CSV',
    files: (d = bigData()) => {
      return { customers: d.customers, market: d.market };
    },
    plan: (f) => ['segment', '--accounts', '--customers', f.customers, '--market', f.market],
    sql: segmentAccountsSql,
    compare: {
      keys: ['id'],
      columns: {
        rank: 'int',
        status: 'text',
        size: 'text',
        segment: 'text',
        segment_rank: 'int',
        tier: 'text',
        match: 'text',
        potential: 'money',
        revenue: 'money',
        headroom: 'money',
      },
    },
  },
  {
    name: 'products',
    about: "plan products, 1M accounts x the demo's 30 products, 5M order lines with a product: the product table",
    files: (d = bigData()) => {
      return { customers: d.customers, market: d.market, orders: d.orders, products: d.products };
    },
    plan: (f) => ['products', '--customers', f.customers, '--market', f.market, '--orders', f.orders, '--products', f.products],
    sql: productsSql,
    compare: {
      keys: ['product'],
      columns: { rank: 'int', tier: 'text', accounts: 'int', buyers: 'int', potential: 'money', revenue: 'money', headroom: 'money' },
    },
  },
  {
    name: 'contact',
    about: 'plan contact, 1M accounts, 10M touches in random order: the summary',
    files: (d = bigData()) => {
      return { customers: d.customers, market: d.market, contacts: d.contactsShuffled };
    },
    plan: (f) => ['contact', '--customers', f.customers, '--market', f.market, '--contacts', f.contacts],
    sql: contactSql,
    compare: { keys: ['group', 'key'], columns: CONTACT_GROUP_COLUMNS },
  },
  {
    name: 'contact-accounts',
    about: 'plan contact --accounts: 1M accounts ranked by risk, written as CSV',
    files: (d = bigData()) => {
      return { customers: d.customers, market: d.market, contacts: d.contactsShuffled };
    },
    plan: (f) => ['contact', '--accounts', '--customers', f.customers, '--market', f.market, '--contacts', f.contacts],
    sql: contactAccountsSql,
    compare: {
      keys: ['id'],
      columns: {
        rank: 'int',
        owner: 'text',
        tier: 'text',
        cadence: 'int',
        last_touch: 'text',
        last_sales_touch: 'text',
        sales_90: 'int',
        other_90: 'int',
        sales_365: 'int',
        other_365: 'int',
        days_overdue: 'int',
        never_touched: 'text',
        contract_month: 'text',
        days_to_renewal: 'int',
        post_sale: 'text',
        flags: 'text',
      },
    },
  },
  {
    name: 'focus',
    about: 'plan focus, 1M accounts, 5M order lines and 10M touches in random order: the reps table',
    files: (d = bigData()) => {
      return { customers: d.customers, market: d.market, orders: d.ordersShuffled, contacts: d.contactsShuffled };
    },
    plan: (f) => ['focus', '--customers', f.customers, '--market', f.market, '--orders', f.orders, '--contacts', f.contacts],
    sql: focusSql,
    compare: {
      keys: ['rep'],
      columns: {
        accounts: 'int',
        sales_touches: 'int',
        alignment: 'share',
        easy_touch_share: 'share',
        overdue_a: 'int',
        headroom: 'money',
        previous: 'money',
        won: 'money',
        growth: 'money',
        decline: 'money',
        lost: 'money',
        current: 'money',
        flags: 'text',
      },
    },
  },
  {
    name: 'schedule',
    about: 'plan schedule, 500 reps, 200k accounts, 2M touches in random order, 4 weeks (DuckDB: the ranking only)',
    files: () => {
      const d = scheduleData();
      return { customers: d.customers, market: d.market, contacts: d.contactsShuffled, reps: d.reps, absences: d.absences };
    },
    plan: (f) => [
      'schedule',
      '--customers',
      f.customers,
      '--market',
      f.market,
      '--contacts',
      f.contacts,
      '--reps',
      f.reps,
      '--absences',
      f.absences,
      '--weeks',
      '4',
    ],
    sql: scheduleSql,
    compare: null,
  },
  {
    name: 'time',
    about: 'plan time, 2M dated time entries of 500 reps in random order',
    files: async () => ({ activities: (await timeData()).activities }),
    plan: (f) => ['time', '--activities', f.activities],
    sql: timeSql,
    compare: {
      keys: ['rep'],
      columns: Object.fromEntries(
        ['hours', 'selling_hours', 'travel_hours', 'admin_hours', 'internal_hours', 'service_hours', 'unknown_hours'].map((c) => [
          c,
          'money',
        ]),
      ),
    },
  },
].map((c) => ({ ...c, planArgs: (f, out) => [...c.plan(f), ...common, '--out', out] }));
