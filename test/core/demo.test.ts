import { describe, expect, it } from 'vitest';
import { type DemoOptions, type DemoTable, demoDefaults, demoTables } from '../../src/core/demo.js';
import { mondayOfIsoWeek, parseIsoDay, parseIsoWeek } from '../../src/schema/calendar.js';

type Row = (string | number)[];
interface Materialised {
  header: string[];
  rows: Row[];
}

const AS_OF = '2026-11-30';
const asOf = day(AS_OF);

function day(text: string): number {
  const d = parseIsoDay(text);
  if (d === undefined) throw new Error(`not a date: ${text}`);
  return d;
}

function materialise(options: DemoOptions): Record<string, Materialised> {
  return Object.fromEntries(demoTables(options).map((t: DemoTable) => [t.file, { header: t.header, rows: [...t.rows()] }]));
}

/** Column accessor by header name, so tests read like the CSV. */
function columns(table: Materialised): (row: Row, name: string) => string | number {
  const index = new Map(table.header.map((h, i) => [h, i]));
  return (row, name) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`no column ${name}`);
    return row[i] ?? '';
  };
}

function table(data: Record<string, Materialised>, file: string): Materialised {
  const t = data[file];
  if (!t) throw new Error(`no table ${file}`);
  return t;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

// The default demo: 3000 customers, seed 1.
const options: DemoOptions = { seed: 1, asOf: AS_OF, ...demoDefaults(3000) };
const demo = materialise(options);
const customers = table(demo, 'customers.csv');
const market = table(demo, 'market.csv');
const orders = table(demo, 'orders.csv');
const contacts = table(demo, 'contacts.csv');
const reps = table(demo, 'reps.csv');
const activities = table(demo, 'activities.csv');
const absences = table(demo, 'absences.csv');
const products = table(demo, 'products.csv');
const cu = columns(customers);
const ma = columns(market);
const or = columns(orders);
const co = columns(contacts);
const re = columns(reps);
const ac = columns(activities);
const ab = columns(absences);
const pr = columns(products);

const SALES_TYPES = new Set(['visit', 'call', 'meeting', 'email']);
const SERVICE_TYPES = new Set(['service', 'support', 'billing', 'complaint']);
/** How a config would map the channel synonyms the demo plants. */
const CHANNEL_OF: Record<string, string> = {
  field: 'field',
  visit: 'field',
  'Field Sales': 'field',
  Außendienst: 'field',
  phone: 'phone',
  Telephone: 'phone',
  tel: 'phone',
  Phone: 'phone',
  email: 'email',
  'E-Mail': 'email',
  mail: 'email',
  web: 'web',
  portal: 'web',
  EDI: 'web',
  online: 'web',
};
/** DOMAIN.md: cost of an order by field : telephone : e-mail = 100 : 1 : 0.01 (web as e-mail). */
const CHANNEL_COST: Record<string, number> = { field: 100, phone: 1, email: 0.01, web: 0.01 };

describe('demoDefaults', () => {
  it('derives orders, contacts and reps from the customer count', () => {
    expect(demoDefaults(3000)).toEqual({ customers: 3000, orders: 30_000, contacts: 18_000, reps: 12 });
    expect(demoDefaults(100).reps).toBe(3);
    expect(demoDefaults(1_000_000).reps).toBe(500);
  });
});

describe('demoTables: shape', () => {
  it('returns the eight tables in order with their exact headers', () => {
    expect(demoTables(options).map((t) => [t.file, t.header.join(',')])).toEqual([
      [
        'customers.csv',
        'id,name,status,industry,region,employees,revenue_12m,owner,contract_start,contract_end,channel,phone,email,postcode,address,city,contact,website',
      ],
      ['market.csv', 'industry,region,size,firms,spend_per_firm,growth'],
      ['orders.csv', 'order_id,customer_id,date,channel,amount,lines,product'],
      ['contacts.csv', 'customer_id,date,type,by,team,outcome'],
      ['reps.csv', 'id,name,role,calls_per_day,days,region,email,planned_share'],
      ['activities.csv', 'rep,activity,hours,week'],
      ['absences.csv', 'rep,from,to,reason'],
      ['products.csv', 'product,category,industry,share,price'],
    ]);
  });

  it('has as many rows as asked for, each as wide as its header', () => {
    expect(customers.rows).toHaveLength(options.customers);
    expect(orders.rows).toHaveLength(options.orders);
    expect(contacts.rows).toHaveLength(options.contacts);
    expect(reps.rows).toHaveLength(options.reps);
    for (const t of Object.values(demo)) {
      for (const row of t.rows) expect(row.length).toBe(t.header.length);
    }
  });

  it('matches the counts exactly for odd sizes too', () => {
    const small = materialise({ seed: 7, asOf: AS_OF, customers: 37, orders: 1001, contacts: 3, reps: 120 });
    expect(table(small, 'customers.csv').rows).toHaveLength(37);
    expect(table(small, 'orders.csv').rows).toHaveLength(1001);
    expect(table(small, 'contacts.csv').rows).toHaveLength(3);
    const repIds = table(small, 'reps.csv').rows.map((r) => r[0]);
    expect(repIds).toHaveLength(120);
    expect(repIds[0]).toBe('R001'); // 3 digits when more than 99 reps
    expect(repIds[119]).toBe('R120');
  });

  it('rejects bad options', () => {
    expect(() => demoTables({ ...options, customers: -1 })).toThrow(/customers/);
    expect(() => demoTables({ ...options, orders: 1.5 })).toThrow(/orders/);
    expect(() => demoTables({ ...options, customers: 0 })).toThrow(/customer/);
    expect(() => demoTables({ ...options, asOf: '2026-02-30' })).toThrow(/as-of/);
  });
});

describe('demoTables: determinism', () => {
  const small: DemoOptions = { seed: 42, asOf: AS_OF, ...demoDefaults(400) };

  it('gives identical rows for the same seed and options, and on every rows() call', () => {
    const a = materialise(small);
    const b = materialise(small);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const [first] = demoTables(small);
    expect(JSON.stringify([...(first?.rows() ?? [])])).toBe(JSON.stringify(table(a, 'customers.csv').rows));
  });

  it('gives different rows for a different seed', () => {
    const a = materialise(small);
    const b = materialise({ ...small, seed: 43 });
    for (const file of ['customers.csv', 'orders.csv', 'contacts.csv', 'reps.csv', 'activities.csv']) {
      expect(JSON.stringify(table(a, file).rows)).not.toBe(JSON.stringify(table(b, file).rows));
    }
  });

  it('keeps the customers when only the order or contact count changes', () => {
    const a = materialise(small);
    const b = materialise({ ...small, orders: 123, contacts: 77 });
    expect(table(b, 'customers.csv').rows).toEqual(table(a, 'customers.csv').rows);
    expect(table(b, 'market.csv').rows).toEqual(table(a, 'market.csv').rows);
  });
});

describe('demoTables: referential integrity and dates', () => {
  const ids = new Set(customers.rows.map((r) => cu(r, 'id')));
  const statusOf = new Map(customers.rows.map((r) => [cu(r, 'id'), cu(r, 'status')]));
  const repIds = new Set(reps.rows.map((r) => re(r, 'id')));

  it('has unique ids in customers and reps', () => {
    expect(ids.size).toBe(customers.rows.length);
    expect(repIds.size).toBe(reps.rows.length);
    for (const id of ids) expect(id).toMatch(/^C\d{6,}$/);
    for (const id of repIds) expect(id).toMatch(/^R\d{2,}$/);
  });

  it('only references existing customers, and only customers and lost accounts order', () => {
    for (const r of orders.rows) {
      expect(ids.has(or(r, 'customer_id'))).toBe(true);
      expect(['customer', 'lost']).toContain(statusOf.get(or(r, 'customer_id')));
    }
    for (const r of contacts.rows) expect(ids.has(co(r, 'customer_id'))).toBe(true);
    for (const r of [...activities.rows, ...absences.rows]) expect(repIds.has(r[0] ?? '')).toBe(true);
  });

  it('writes valid dates, none after as-of except contract ends and upcoming absences', () => {
    const dated: [Materialised, string[]][] = [
      [customers, ['contract_start']],
      [orders, ['date']],
      [contacts, ['date']],
    ];
    for (const [t, names] of dated) {
      const get = columns(t);
      for (const r of t.rows) {
        for (const name of names) {
          const value = String(get(r, name));
          if (value === '') continue;
          expect(day(value)).toBeLessThanOrEqual(asOf);
        }
      }
    }
    for (const r of customers.rows) {
      const end = String(cu(r, 'contract_end'));
      if (end !== '') expect(day(end)).toBeGreaterThanOrEqual(day(String(cu(r, 'contract_start'))));
    }
  });

  it('dates orders within the last 730 days, most within the last 365', () => {
    const ages = orders.rows.map((r) => asOf - day(String(or(r, 'date'))));
    expect(Math.max(...ages)).toBeLessThan(730);
    expect(share(ages.filter((a) => a < 365).length, ages.length)).toBeGreaterThan(0.7);
  });
});

describe('customers.csv', () => {
  const status = (s: string) => share(customers.rows.filter((r) => cu(r, 'status') === s).length, customers.rows.length);
  const repRegion = new Map(reps.rows.map((r) => [re(r, 'id'), re(r, 'region')]));

  it('has ~60% customers, ~35% prospects, ~5% lost; prospects have no revenue and no contract', () => {
    expect(status('customer')).toBeGreaterThan(0.55);
    expect(status('customer')).toBeLessThan(0.7);
    expect(status('prospect')).toBeGreaterThan(0.28);
    expect(status('prospect')).toBeLessThan(0.4);
    expect(status('lost')).toBeGreaterThan(0.03);
    expect(status('lost')).toBeLessThan(0.08);
    for (const r of customers.rows.filter((r) => cu(r, 'status') === 'prospect')) {
      expect(cu(r, 'revenue_12m')).toBe(0);
      expect(cu(r, 'contract_start')).toBe('');
      expect(cu(r, 'contract_end')).toBe('');
    }
  });

  it('looks real: quoted and accented names, phones, postcodes with leading zeros, cents', () => {
    const names = customers.rows.map((r) => String(cu(r, 'name')));
    expect(share(names.filter((n) => n.includes(',')).length, names.length)).toBeGreaterThan(0.05);
    expect(names.some((n) => /[^\x20-\x7e]/.test(n))).toBe(true);
    for (const r of customers.rows) {
      expect(String(cu(r, 'postcode'))).toMatch(/^\d{5}$/);
      const phone = String(cu(r, 'phone'));
      if (phone !== '') expect(phone).toMatch(/^\+49 \d{2,3} \d{5,8}$/);
      const revenue = Number(cu(r, 'revenue_12m'));
      expect(Math.abs(Math.round(revenue * 100) - revenue * 100)).toBeLessThan(1e-6);
    }
    expect(customers.rows.some((r) => String(cu(r, 'postcode')).startsWith('0'))).toBe(true);
  });

  it('has ~8 industries, 4 regions and sizes on both sides of the 50 and 250 employee bands', () => {
    expect(new Set(customers.rows.map((r) => cu(r, 'industry'))).size).toBe(8);
    expect(new Set(customers.rows.map((r) => cu(r, 'region')))).toEqual(new Set(['North', 'South', 'East', 'West']));
    const employees = customers.rows.map((r) => Number(cu(r, 'employees')));
    expect(employees.some((e) => e < 50)).toBe(true);
    expect(employees.some((e) => e >= 50 && e < 250)).toBe(true);
    expect(employees.some((e) => e >= 250)).toBe(true);
  });

  it('gives ~1% empty owners, ~1% departed owners, and mostly owners from the account region', () => {
    const owners = customers.rows.map((r) => String(cu(r, 'owner')));
    const empty = share(owners.filter((o) => o === '').length, owners.length);
    const departed = share(owners.filter((o) => o !== '' && !repRegion.has(o)).length, owners.length);
    expect(empty).toBeGreaterThan(0.003);
    expect(empty).toBeLessThan(0.025);
    expect(departed).toBeGreaterThan(0.003);
    expect(departed).toBeLessThan(0.025);
    const owned = customers.rows.filter((r) => repRegion.has(cu(r, 'owner')));
    const inRegion = owned.filter((r) => repRegion.get(cu(r, 'owner')) === cu(r, 'region'));
    expect(share(inRegion.length, owned.length)).toBeGreaterThan(0.8);
  });
});

describe('orders.csv and contacts.csv', () => {
  it('uses the four channels, rare synonyms, rare returns and products that need quoting', () => {
    const channels = orders.rows.map((r) => String(or(r, 'channel')));
    expect(channels.every((c) => c in CHANNEL_OF)).toBe(true);
    const synonyms = share(channels.filter((c) => CHANNEL_OF[c] !== c).length, channels.length);
    expect(synonyms).toBeGreaterThan(0.0005);
    expect(synonyms).toBeLessThan(0.005);
    const amounts = orders.rows.map((r) => Number(or(r, 'amount')));
    const returns = share(amounts.filter((a) => a < 0).length, amounts.length);
    expect(returns).toBeGreaterThan(0.0002);
    expect(returns).toBeLessThan(0.003);
    expect(amounts.every((a) => a !== 0 && Math.abs(Math.round(a * 100) - a * 100) < 1e-6)).toBe(true);
    const quoted = share(orders.rows.filter((r) => /[",]/.test(String(or(r, 'product')))).length, orders.rows.length);
    expect(quoted).toBeGreaterThan(0.3);
    expect(quoted).toBeLessThan(0.5);
  });

  it('logs sales touches by the owner, other touches by staff, and rare unknown types', () => {
    const ownerOf = new Map(customers.rows.map((r) => [cu(r, 'id'), cu(r, 'owner')]));
    let unknown = 0;
    for (const r of contacts.rows) {
      const type = String(co(r, 'type'));
      if (SALES_TYPES.has(type)) {
        expect(co(r, 'team')).toBe('sales');
        expect(co(r, 'by')).toBe(ownerOf.get(co(r, 'customer_id')));
      } else if (SERVICE_TYPES.has(type)) {
        expect(['service', 'finance']).toContain(co(r, 'team'));
        expect(String(co(r, 'by'))).toMatch(/^S\d{2}$/);
      } else {
        unknown++;
      }
    }
    expect(share(unknown, contacts.rows.length)).toBeGreaterThan(0.001);
    expect(share(unknown, contacts.rows.length)).toBeLessThan(0.006);
  });
});

describe('pattern 5: one rep chases the easy orders', () => {
  // Easy (plan focus's default): revenue_12m at least 80% of the spend per firm of the account's market row,
  // the most specific of industry/region/size, industry/*/size, industry/*/*.
  const spend = new Map(
    market.rows.map((r) => [[ma(r, 'industry'), ma(r, 'region'), ma(r, 'size')].join('/'), Number(ma(r, 'spend_per_firm'))]),
  );
  const sizeOf = (employees: number) => (employees < 50 ? 'small' : employees < 250 ? 'medium' : 'large');
  const easy = new Set<string>();
  const easyByRep = new Map<string, number>();
  const repIds = reps.rows.map((r) => String(re(r, 'id')));
  for (const r of customers.rows) {
    const [industry, region, size] = [cu(r, 'industry'), cu(r, 'region'), sizeOf(Number(cu(r, 'employees')))];
    const potential =
      spend.get(`${industry}/${region}/${size}`) ?? spend.get(`${industry}/*/${size}`) ?? (spend.get(`${industry}/*/*`) as number);
    if (cu(r, 'status') !== 'customer' || Number(cu(r, 'revenue_12m')) < 0.8 * potential) continue;
    easy.add(String(cu(r, 'id')));
    const owner = String(cu(r, 'owner'));
    if (repIds.includes(owner)) easyByRep.set(owner, (easyByRep.get(owner) ?? 0) + 1);
  }
  // The rep with the most easy customers, the first in reps.csv on a tie.
  const chaser = repIds.reduce((best, id) => ((easyByRep.get(id) ?? 0) > (easyByRep.get(best) ?? 0) ? id : best));
  const ownerOf = new Map(customers.rows.map((r) => [String(cu(r, 'id')), String(cu(r, 'owner'))]));
  const salesTouches = new Map<string, number>();
  for (const r of contacts.rows) {
    if (!SALES_TYPES.has(String(co(r, 'type')))) continue;
    const id = String(co(r, 'customer_id'));
    salesTouches.set(id, (salesTouches.get(id) ?? 0) + 1);
  }
  const touchesOf = (rep: string, which: (id: string) => boolean) =>
    [...ownerOf].filter(([id, owner]) => owner === rep && which(id)).map(([id]) => salesTouches.get(id) ?? 0);
  const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);

  it("leaves the chaser's other accounts at most their first touch, and sends the rest to the easy customers", () => {
    expect(easyByRep.get(chaser)).toBeGreaterThan(20);
    const others = touchesOf(chaser, (id) => !easy.has(id));
    expect(Math.max(...others)).toBe(1);
    const onEasy = sum(touchesOf(chaser, (id) => easy.has(id)));
    expect(share(onEasy, onEasy + sum(others))).toBeGreaterThan(0.7);
  });

  it('leaves every other rep as it was: most sales touches on the accounts that are not easy', () => {
    for (const rep of repIds.filter((id) => id !== chaser)) {
      const onEasy = sum(touchesOf(rep, (id) => easy.has(id)));
      const others = touchesOf(rep, (id) => !easy.has(id));
      expect(share(onEasy, onEasy + sum(others)), rep).toBeLessThan(0.3);
      expect(Math.max(...others), rep).toBeGreaterThan(3);
    }
  });
});

describe('reps.csv, activities.csv, absences.csv', () => {
  it('has field (4-6 calls a day) and inside reps (15-25), mostly Mon-Fri, one planned share of 0.5', () => {
    const field = reps.rows.filter((r) => re(r, 'role') === 'field');
    expect(share(field.length, reps.rows.length)).toBeGreaterThan(0.3);
    for (const r of reps.rows) {
      const calls = Number(re(r, 'calls_per_day'));
      if (re(r, 'role') === 'field') expect(calls >= 4 && calls <= 6).toBe(true);
      else expect(calls >= 15 && calls <= 25).toBe(true);
      expect(['Mon-Fri', 'Mon-Thu', 'Mon,Tue,Thu']).toContain(re(r, 'days'));
    }
    expect(reps.rows.filter((r) => re(r, 'planned_share') === 0.5)).toHaveLength(1);
    expect(reps.rows.filter((r) => re(r, 'planned_share') === '')).toHaveLength(reps.rows.length - 1);
  });

  it('logs the 8 ISO weeks before as-of, ~40 hours per rep and week', () => {
    const weeks = [...new Set(activities.rows.map((r) => String(ac(r, 'week'))))].sort();
    expect(weeks).toHaveLength(8);
    const mondays = weeks.map((w) => {
      const week = parseIsoWeek(w);
      if (!week) throw new Error(`bad week ${w}`);
      return mondayOfIsoWeek(week);
    });
    mondays.forEach((m, i) => {
      expect(m + 6).toBeLessThanOrEqual(asOf); // the week is over by as-of
      if (i > 0) expect(m - (mondays[i - 1] ?? 0)).toBe(7);
    });
    expect(asOf - ((mondays[7] ?? 0) + 6)).toBeLessThan(7); // and it is the latest such week
    const perRepWeek = new Map<string, number>();
    for (const r of activities.rows) {
      const key = `${ac(r, 'rep')}|${ac(r, 'week')}`;
      perRepWeek.set(key, (perRepWeek.get(key) ?? 0) + Number(ac(r, 'hours')));
    }
    expect(perRepWeek.size).toBe(8 * reps.rows.length);
    for (const hours of perRepWeek.values()) expect(hours > 34 && hours < 46).toBe(true);
    const unknown = activities.rows.filter((r) => ac(r, 'activity') === 'misc').length;
    expect(unknown).toBeGreaterThan(0);
    expect(share(unknown, activities.rows.length)).toBeLessThan(0.01);
  });

  it('has a handful of absences, some in the week after as-of', () => {
    const nextMonday = mondayOfIsoWeek(parseIsoWeek('2026-W50') ?? { year: 2026, week: 50 });
    expect(absences.rows.length).toBeGreaterThanOrEqual(3);
    const upcoming = absences.rows.filter((r) => day(String(ab(r, 'from'))) >= nextMonday);
    expect(upcoming.length).toBeGreaterThan(0);
    for (const r of absences.rows) {
      const from = day(String(ab(r, 'from')));
      const to = day(String(ab(r, 'to')));
      expect(to).toBeGreaterThanOrEqual(from);
      expect(to).toBeLessThan(nextMonday + 7);
      expect(['vacation', 'training', 'sick']).toContain(ab(r, 'reason'));
    }
  });
});

describe('planted pattern 1 (segment): untapped cells top the headroom ranking', () => {
  const sizeOf = (employees: number) => (employees < 50 ? 'small' : employees < 250 ? 'medium' : 'large');
  const cells = market.rows.map((r) => ({
    key: [ma(r, 'industry'), ma(r, 'region'), ma(r, 'size')] as const,
    firms: Number(ma(r, 'firms')),
    spend: Number(ma(r, 'spend_per_firm')),
    accounts: 0,
    revenue: 0,
    headroom: 0,
  }));
  /** The most specific market row matching an account (`*` is a wildcard). */
  const cellFor = (values: readonly string[]) => {
    let best: (typeof cells)[number] | undefined;
    let bestScore = -1;
    for (const cell of cells) {
      if (!cell.key.every((k, i) => k === '*' || k === values[i])) continue;
      const score = cell.key.filter((k) => k !== '*').length;
      if (score > bestScore) [best, bestScore] = [cell, score];
    }
    return best;
  };
  let unmatched = 0;
  for (const r of customers.rows) {
    const cell = cellFor([String(cu(r, 'industry')), String(cu(r, 'region')), sizeOf(Number(cu(r, 'employees')))]);
    if (!cell) {
      unmatched++;
      continue;
    }
    const revenue = Number(cu(r, 'revenue_12m'));
    cell.accounts++;
    cell.revenue += revenue;
    cell.headroom += Math.max(0, cell.spend - revenue);
  }
  for (const cell of cells) cell.headroom += (cell.firms - cell.accounts) * cell.spend;
  const ranked = [...cells].sort((a, b) => b.headroom - a.headroom);
  const penetration = (c: (typeof cells)[number]) => c.revenue / (c.firms * c.spend);
  const medianAccounts = median(cells.map((c) => c.accounts));
  const medianHeadroom = median(cells.map((c) => c.headroom));

  it('joins every account, through wildcard rows where needed, and never has more accounts than firms', () => {
    expect(unmatched).toBe(0);
    expect(cells.some((c) => c.key[1] === '*' && c.key[2] === '*' && c.accounts > 0)).toBe(true);
    expect(cells.some((c) => c.accounts === 0)).toBe(true);
    for (const c of cells) expect(c.firms).toBeGreaterThanOrEqual(c.accounts);
  });

  it('ranks 2-3 low-penetration cells with few accounts far ahead of the rest', () => {
    const top = ranked.slice(0, 3);
    const untapped = top.filter((c) => penetration(c) < 0.01 && c.accounts < medianAccounts);
    expect(untapped.length).toBeGreaterThanOrEqual(2);
    const best = ranked.find((c) => !untapped.includes(c));
    for (const c of untapped) expect(c.headroom).toBeGreaterThan(2 * (best?.headroom ?? 0));
  });

  it('has well-served cells: many customers, high penetration, low headroom', () => {
    const served = cells.filter((c) => c.accounts >= 2 * medianAccounts && penetration(c) > 0.5 && c.headroom < medianHeadroom);
    expect(served.length).toBeGreaterThanOrEqual(2);
  });
});

describe('planted pattern 2 (cost): field is few orders but most of the cost', () => {
  const count: Record<string, number> = {};
  const perCustomer = new Map<string, { orders: number; field: number; amount: number }>();
  for (const r of orders.rows) {
    const channel = CHANNEL_OF[String(or(r, 'channel'))] ?? 'web';
    count[channel] = (count[channel] ?? 0) + 1;
    const c = perCustomer.get(String(or(r, 'customer_id'))) ?? { orders: 0, field: 0, amount: 0 };
    c.orders++;
    if (channel === 'field') c.field++;
    c.amount += Number(or(r, 'amount'));
    perCustomer.set(String(or(r, 'customer_id')), c);
  }
  const totalCost = Object.entries(count).reduce((sum, [ch, n]) => sum + n * (CHANNEL_COST[ch] ?? 0), 0);
  const fieldOrders = count.field ?? 0;

  it('has 10-15% of orders through field carrying over 90% of the channel cost', () => {
    expect(share(fieldOrders, orders.rows.length)).toBeGreaterThan(0.1);
    expect(share(fieldOrders, orders.rows.length)).toBeLessThan(0.15);
    expect(share(fieldOrders * 100, totalCost)).toBeGreaterThan(0.9);
  });

  it('has a group of customers ordering mostly through field with small orders', () => {
    const medianOrder = median(orders.rows.map((r) => Number(or(r, 'amount'))));
    const group = [...perCustomer.values()].filter((c) => c.field / c.orders >= 0.6 && c.amount / c.orders < 0.5 * medianOrder);
    expect(share(group.length, perCustomer.size)).toBeGreaterThan(0.03);
  });
});

describe('planted pattern 3 (contact): silence after the sale, renewals at risk, service-only', () => {
  const touches = new Map<string, { sales: number[]; other: number[] }>();
  for (const r of contacts.rows) {
    const id = String(co(r, 'customer_id'));
    const t = touches.get(id) ?? { sales: [], other: [] };
    const type = String(co(r, 'type'));
    if (SALES_TYPES.has(type)) t.sales.push(day(String(co(r, 'date'))));
    else if (SERVICE_TYPES.has(type)) t.other.push(day(String(co(r, 'date'))));
    touches.set(id, t);
  }
  const active = customers.rows.filter((r) => cu(r, 'status') === 'customer');
  const touchesOf = (r: Row) => touches.get(String(cu(r, 'id'))) ?? { sales: [], other: [] };

  it('has contract terms of 12, 24 or 36 months', () => {
    for (const r of active) {
      const start = day(String(cu(r, 'contract_start')));
      const end = day(String(cu(r, 'contract_end')));
      const months = Math.round((end - start) / 30.44);
      expect([12, 24, 36]).toContain(months);
    }
  });

  it('leaves ~10% of customers without a sales touch since a contract start 30-180 days ago', () => {
    const silent = active.filter((r) => {
      const start = day(String(cu(r, 'contract_start')));
      return start >= asOf - 180 && start <= asOf - 30 && !touchesOf(r).sales.some((d) => d >= start);
    });
    expect(share(silent.length, active.length)).toBeGreaterThan(0.07);
    expect(share(silent.length, active.length)).toBeLessThan(0.14);
  });

  it('puts a sizeable share of renewals due within 90 days at risk (no sales touch for 90 days)', () => {
    const renewing = active.filter((r) => {
      const end = day(String(cu(r, 'contract_end')));
      return end > asOf && end <= asOf + 90;
    });
    const atRisk = renewing.filter((r) => !touchesOf(r).sales.some((d) => d > asOf - 90));
    expect(renewing.length).toBeGreaterThan(0);
    expect(share(atRisk.length, renewing.length)).toBeGreaterThan(0.3);
    expect(share(atRisk.length, renewing.length)).toBeLessThan(0.7);
  });

  it('has customers whose touches in the last year all come from service or finance', () => {
    const serviceOnly = active.filter((r) => {
      const t = touchesOf(r);
      return !t.sales.some((d) => d > asOf - 365) && t.other.some((d) => d > asOf - 365);
    });
    expect(share(serviceOnly.length, active.length)).toBeGreaterThan(0.03);
    expect(share(serviceOnly.length, active.length)).toBeLessThan(0.1);
  });
});

describe('planted pattern 4 (time): 12% selling, 22% once chores are reassigned', () => {
  const hours = new Map<string, number>();
  const perRep = new Map<string, number>();
  let total = 0;
  for (const r of activities.rows) {
    const activity = String(ac(r, 'activity'));
    const h = Number(ac(r, 'hours'));
    hours.set(activity, (hours.get(activity) ?? 0) + h);
    total += h;
    if (activity === 'invoicing' || activity === 'contract issues') {
      perRep.set(String(ac(r, 'rep')), (perRep.get(String(ac(r, 'rep'))) ?? 0) + h);
    }
  }
  const of = (...names: string[]) => names.reduce((sum, n) => sum + (hours.get(n) ?? 0), 0) / total;
  const selling = of('customer visits', 'sales calls', 'prospecting');
  const reassigned = of('order entry', 'invoicing');

  it('spends ~12% of the team hours selling', () => {
    expect(selling).toBeGreaterThan(0.1);
    expect(selling).toBeLessThan(0.135);
  });

  it('spends ~10% on order entry and invoicing, so reassigning them lifts selling to ~22% (about +80%)', () => {
    expect(reassigned).toBeGreaterThan(0.08);
    expect(reassigned).toBeLessThan(0.12);
    expect(selling + reassigned).toBeGreaterThan(0.2);
    expect(selling + reassigned).toBeLessThan(0.24);
    expect((selling + reassigned) / selling - 1).toBeGreaterThan(0.65);
  });

  it('has some reps losing about 1.5 days (12 h) a week to invoicing and contract issues', () => {
    const weekly = [...perRep.values()].map((h) => h / 8);
    const heavy = weekly.filter((h) => h >= 10 && h <= 14);
    expect(heavy.length).toBeGreaterThanOrEqual(1);
    expect(heavy.length).toBeLessThan(weekly.length / 2);
  });
});

describe('planted pattern 5 (products): core products, an undersold one, a cross-sell gap in Healthcare', () => {
  const industryOf = new Map(customers.rows.map((r) => [String(cu(r, 'id')), String(cu(r, 'industry'))]));
  const bought = new Map<string, Set<string>>();
  let serviceLines = 0;
  for (const r of orders.rows) {
    const id = String(or(r, 'customer_id'));
    const product = String(or(r, 'product'));
    if (product === 'Service contract extension') serviceLines++;
    const set = bought.get(id) ?? new Set();
    set.add(product);
    bought.set(id, set);
  }
  const WIPES = 'Disinfectant wipes, 120 pcs';

  it('lists every ordered product in products.csv, with shares of at most 100% in every industry', () => {
    const names = new Set(products.rows.filter((r) => pr(r, 'industry') === '').map((r) => String(pr(r, 'product'))));
    expect(names.size).toBe(30);
    for (const set of bought.values()) for (const p of set) expect(names.has(p)).toBe(true);
    const overall = new Map(
      products.rows.filter((r) => pr(r, 'industry') === '').map((r) => [String(pr(r, 'product')), Number(pr(r, 'share'))]),
    );
    const industries = new Set(products.rows.map((r) => String(pr(r, 'industry'))).filter((i) => i !== ''));
    expect(industries.size).toBe(8);
    for (const industry of industries) {
      const own = new Map(
        products.rows.filter((r) => pr(r, 'industry') === industry).map((r) => [String(pr(r, 'product')), Number(pr(r, 'share'))]),
      );
      const total = [...overall].reduce((t, [p, s]) => t + (own.get(p) ?? s), 0);
      expect(total).toBeLessThanOrEqual(1);
    }
    // The service contract: 15% of the spend, well under 1% of order lines.
    expect(overall.get('Service contract extension')).toBe(0.15);
    expect(share(serviceLines, orders.rows.length)).toBeLessThan(0.01);
  });

  it('has Healthcare accounts that never buy the wipes most of their peers buy', () => {
    const health = [...bought].filter(([id, set]) => industryOf.get(id) === 'Healthcare' && set.size >= 8);
    const without = health.filter(([, set]) => !set.has(WIPES));
    // Customers with 8+ products almost surely buy every core product by chance; a quarter are planted without wipes.
    expect(share(health.length - without.length, health.length)).toBeGreaterThan(0.6);
    expect(share(without.length, health.length)).toBeGreaterThan(0.15);
    expect(share(without.length, health.length)).toBeLessThan(0.4);
    const hospitality = [...bought].filter(([id, set]) => industryOf.get(id) === 'Hospitality' && set.size >= 8);
    expect(share(hospitality.filter(([, set]) => !set.has(WIPES)).length, hospitality.length)).toBeLessThan(0.1);
  });
});
