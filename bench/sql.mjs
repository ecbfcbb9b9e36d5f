// DuckDB SQL doing the same work as each plan command, written from the rules in the
// command's help and src/core (not from plan's output). Pairings: docs/benchmarks.md.
// Every function takes file paths and returns SQL text; AS_OF is fixed (2026-11-27).

const q = (path) => `'${path.replaceAll("'", "''")}'`;

export const AS_OF = "DATE '2026-11-27'";

// --------------------------------------------------------------------- classifiers (src/core defaults)

/** Channel label -> field/phone/email/web (src/core/channels.ts: DEFAULT_CHANNEL_SYNONYMS, channelKey). */
const CHANNEL_SYNONYMS = {
  field: ['field', 'visit', 'rep', 'salesrep', 'fieldsales', 'outsidesales', 'facetoface', 'inperson'],
  phone: ['phone', 'telephone', 'tel', 'call', 'phonecall', 'insidesales', 'telesales'],
  email: ['email', 'mail'],
  web: ['web', 'edi', 'portal', 'online', 'webshop', 'shop', 'ecommerce', 'website', 'internet', 'app'],
};
/** The synonyms as a VALUES table (key, channel): joined on the key computed once per row, not a CASE that recomputes it. */
const CHANNEL_TABLE = `(VALUES ${Object.entries(CHANNEL_SYNONYMS)
  .flatMap(([channel, keys]) => keys.map((k) => `('${k}', '${channel}')`))
  .join(', ')}) AS channels(key, ch)`;
const channelKey = (column) => `regexp_replace(lower(trim(${column})), '[\\s._-]+', '', 'g')`;

/** Cost per order in cents: the article preset scaled so a field order costs 250 (src/core/channels.ts). */
const UNIT_CENTS = { field: 25000, phone: 250, email: 2.5, web: 2.5 };

/** Touch type -> sales/other (src/core/contact.ts DEFAULT_TOUCH_TYPES), as a VALUES table (type, sales). */
const TOUCH_TABLE = `(VALUES ('visit', true), ('call', true), ('meeting', true), ('e-mail', true), ('email', true),
  ('service', false), ('support', false), ('billing', false), ('finance', false), ('complaint', false)) AS touch_types(type, sales)`;

/** Activity -> class (src/core/time.ts DEFAULT_ACTIVITY_CLASSES), as a VALUES list. */
const ACTIVITY_CLASSES = {
  selling: [
    'customer visits',
    'customer visit',
    'sales visits',
    'visits',
    'customer meetings',
    'sales calls',
    'sales call',
    'customer calls',
    'cold calls',
    'prospecting',
    'demos',
    'demo',
    'product demos',
    'presentations',
    'negotiations',
    'negotiation',
  ],
  travel: ['travel', 'travelling', 'traveling', 'travel time', 'driving'],
  admin: [
    'planning visits',
    'visit planning',
    'route planning',
    'planning',
    'order entry',
    'order processing',
    'reporting',
    'reports',
    'crm updates',
    'crm update',
    'crm',
    'data entry',
    'quotes',
    'quotations',
    'proposals',
    'expenses',
    'paperwork',
    'admin',
    'administration',
  ],
  internal: ['internal meetings', 'team meetings', 'sales meetings', 'meetings', 'training', 'coaching'],
  service: [
    'invoicing',
    'invoices',
    'invoice issues',
    'billing',
    'complaints',
    'contract issues',
    'returns',
    'claims',
    'delivery issues',
    'payment reminders',
    'customer service',
  ],
};

// --------------------------------------------------------------------- cost

/**
 * plan cost (by channel): order lines dated in the 12 months to as-of (2025-11-28..2026-11-27) folded per
 * customer x channel (as plan's hash table holds them), then per channel: customers with an order, orders,
 * revenue (amounts >= 0), cost = orders x cost per order, returns (amounts < 0) apart; unknown channels left out.
 * An order line repeating the previous row's order_id is not another order in plan: the demo writes one row per
 * order_id, so counting rows is the same count here (the agreement check would show it otherwise).
 * With customers: order rows in the window for ids missing from customers.csv, as plan's warning counts them.
 */
export function costSql({ orders, customers, out }) {
  const unit = `CASE ch ${Object.entries(UNIT_CENTS)
    .map(([c, u]) => `WHEN '${c}' THEN ${u}`)
    .join(' ')} END`;
  const statements = [
    `CREATE TEMP TABLE raw AS SELECT customer_id, channel, amount
       FROM read_csv(${q(orders)}, header = true, types = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DECIMAL(18,2)', 'channel': 'VARCHAR'})
       WHERE "date" BETWEEN DATE '2025-11-28' AND ${AS_OF}`,
    // Each distinct label mapped once (as plan's resolver memoises labels), then joined back.
    `CREATE TEMP TABLE labels AS SELECT l.channel, channels.ch FROM (SELECT DISTINCT channel FROM raw) l
       LEFT JOIN ${CHANNEL_TABLE} ON channels.key = ${channelKey('l.channel')}`,
    `CREATE TEMP TABLE rows AS SELECT raw.customer_id, labels.ch, raw.amount FROM raw JOIN labels USING (channel)`,
    `CREATE TEMP TABLE per AS SELECT customer_id, ch,
       count(*) FILTER (WHERE amount >= 0) AS orders, coalesce(sum(amount) FILTER (WHERE amount >= 0), 0) AS revenue,
       count(*) FILTER (WHERE amount < 0) AS returns, coalesce(sum(amount) FILTER (WHERE amount < 0), 0) AS returned
       FROM rows GROUP BY customer_id, ch`,
    `CREATE TEMP TABLE channels AS SELECT ch AS channel, count(*) FILTER (WHERE orders > 0) AS customers, sum(orders) AS orders,
       sum(revenue) AS revenue, round(sum(orders) * ${unit}) / 100 AS cost, sum(returns) AS returns, sum(returned) AS returned
       FROM per WHERE ch IS NOT NULL GROUP BY ch`,
  ];
  let unknown = '';
  if (customers) {
    statements.push(
      `CREATE TEMP TABLE unknown AS SELECT count(*) AS unknown_rows, count(DISTINCT customer_id) AS unknown_customers
         FROM rows ANTI JOIN read_csv(${q(customers)}, header = true, types = {'id': 'VARCHAR'}) c ON rows.customer_id = c.id`,
    );
    unknown = ', (SELECT unknown_rows FROM unknown) AS unknown_rows, (SELECT unknown_customers FROM unknown) AS unknown_customers';
  }
  statements.push(
    `COPY (
       SELECT channel, customers, orders, revenue, cost, returns, returned${customers ? ', NULL AS unknown_rows, NULL AS unknown_customers' : ''} FROM channels
       UNION ALL
       SELECT 'total', (SELECT count(DISTINCT customer_id) FROM per), sum(orders), sum(revenue), sum(cost), sum(returns), sum(returned)${unknown} FROM channels
     ) TO ${q(out)} (HEADER)`,
  );
  return statements.join(';\n');
}

// --------------------------------------------------------------------- segment

/**
 * The segment analysis (plan segment with its defaults, by the market's three dimensions, ranked by headroom) as
 * temp tables: acc (one row per account with cell, potential, headroom), seg (one row per segment with tier).
 * Size from employees by the default bands (small 0, medium 50, large 250). Each distinct (industry, region, size)
 * takes the most specific market row (most dimensions fixed; among equals industry before region before size;
 * '*' or empty is a wildcard; keys compared case-folded). Potential = spend per firm; headroom = potential - revenue,
 * not below 0; whitespace = market firms not among our accounts; tiers by cumulative headroom share (A below 80%,
 * B below 95%, C) over segments ranked by headroom, then name.
 */
export function segmentTables({ customers, market }, columns = []) {
  return [
    `CREATE TEMP TABLE market AS SELECT row_number() OVER () AS cell,
       nullif(nullif(trim(industry), '*'), '') AS industry, nullif(nullif(trim(region), '*'), '') AS region,
       nullif(nullif(trim(size), '*'), '') AS size, TRY_CAST(firms AS DOUBLE) AS firms,
       CAST(spend_per_firm AS DOUBLE) AS spend_per_firm, coalesce(TRY_CAST(growth AS DOUBLE), 0) AS growth
       FROM read_csv(${q(market)}, header = true, all_varchar = true)`,
    `CREATE TEMP TABLE customers AS SELECT ${['id', 'status', 'industry', 'region', 'employees', 'revenue_12m', 'contract_start', ...columns].map((c) => `"${c}"`).join(', ')},
       CASE WHEN employees IS NULL THEN NULL WHEN employees >= 250 THEN 'large' WHEN employees >= 50 THEN 'medium' ELSE 'small' END AS size,
       coalesce(lower(status), CASE WHEN coalesce(revenue_12m, 0) > 0 OR contract_start IS NOT NULL THEN 'customer' ELSE 'prospect' END) AS state
       FROM read_csv(${q(customers)}, header = true,
         types = {'id': 'VARCHAR', 'name': 'VARCHAR', 'industry': 'VARCHAR', 'region': 'VARCHAR', 'employees': 'DOUBLE', 'revenue_12m': 'DECIMAL(18,2)', 'owner': 'VARCHAR', 'contract_start': 'DATE', 'contract_end': 'DATE'})`,
    `CREATE TEMP TABLE triples AS
       SELECT t.industry, t.region, t.size,
         arg_max(m.cell, (m.industry IS NOT NULL)::INT + (m.region IS NOT NULL)::INT + (m.size IS NOT NULL)::INT
                         + ((m.industry IS NOT NULL)::INT * 4 + (m.region IS NOT NULL)::INT * 2 + (m.size IS NOT NULL)::INT) / 8.0) AS cell
       FROM (SELECT DISTINCT industry, region, size FROM customers) t
       LEFT JOIN market m ON (m.industry IS NULL OR lower(m.industry) = lower(t.industry))
                         AND (m.region IS NULL OR lower(m.region) = lower(t.region))
                         AND (m.size IS NULL OR lower(m.size) = lower(t.size))
       GROUP BY ALL`,
    `CREATE TEMP TABLE acc AS
       SELECT c.*, t.cell, coalesce(m.spend_per_firm, 0) AS potential, coalesce(CAST(c.revenue_12m AS DOUBLE), 0) AS revenue,
         greatest(0, coalesce(m.spend_per_firm, 0) - coalesce(CAST(c.revenue_12m AS DOUBLE), 0)) AS headroom,
         CASE WHEN t.cell IS NULL THEN 'none' WHEN m.industry IS NOT NULL AND m.region IS NOT NULL AND m.size IS NOT NULL THEN 'exact' ELSE 'wildcard' END AS match,
         CASE WHEN t.cell IS NULL THEN '(no market data)'
           ELSE coalesce(m.industry, '*') || ' / ' || coalesce(m.region, '*') || ' / ' || coalesce(m.size, '*') END AS segment
       FROM customers c
       LEFT JOIN triples t ON t.industry IS NOT DISTINCT FROM c.industry AND t.region IS NOT DISTINCT FROM c.region AND t.size IS NOT DISTINCT FROM c.size
       LEFT JOIN market m ON m.cell = t.cell`,
    `CREATE TEMP TABLE cells AS
       SELECT m.*, coalesce(a.ours, 0) AS ours, coalesce(m.firms, coalesce(a.ours, 0)) AS cell_firms,
         greatest(0, coalesce(m.firms, coalesce(a.ours, 0)) - coalesce(a.ours, 0)) AS free, coalesce(a.headroom, 0) AS account_headroom,
         coalesce(m.industry, '*') || ' / ' || coalesce(m.region, '*') || ' / ' || coalesce(m.size, '*') AS segment
       FROM market m LEFT JOIN (SELECT cell, count(*) AS ours, sum(headroom) AS headroom FROM acc WHERE cell IS NOT NULL GROUP BY cell) a ON a.cell = m.cell`,
    `CREATE TEMP TABLE unranked AS
       SELECT segment, sum(accounts) AS accounts, sum(customers) AS customers, sum(prospects) AS prospects, sum(firms) AS firms,
         sum(whitespace) AS whitespace, sum(market_spend) AS market_spend, sum(revenue) AS revenue, sum(potential) AS potential,
         sum(account_headroom) AS account_headroom, sum(whitespace_headroom) AS whitespace_headroom,
         sum(account_headroom) + sum(whitespace_headroom) AS headroom, sum(growth_headroom) AS growth_headroom
       FROM (
         SELECT segment, count(*) AS accounts, count(*) FILTER (WHERE state = 'customer') AS customers,
           count(*) FILTER (WHERE state = 'prospect') AS prospects, 0 AS firms, 0 AS whitespace, 0 AS market_spend,
           sum(revenue) AS revenue, sum(potential) AS potential, sum(headroom) AS account_headroom, 0 AS whitespace_headroom,
           CASE WHEN segment = '(no market data)' THEN sum(headroom) ELSE 0 END AS growth_headroom
         FROM acc GROUP BY segment
         UNION ALL
         SELECT segment, 0, 0, 0, cell_firms, free, cell_firms * spend_per_firm, 0, free * spend_per_firm, 0, free * spend_per_firm,
           (account_headroom + free * spend_per_firm) * (1 + growth)
         FROM cells
       ) GROUP BY segment`,
    `CREATE TEMP TABLE seg AS
       SELECT *, row_number() OVER (ORDER BY headroom DESC, segment) AS rank,
         CASE WHEN sum(headroom) OVER () <= 0 THEN 'C'
              WHEN coalesce(sum(headroom) OVER (ORDER BY headroom DESC, segment ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(headroom) OVER () < 0.8 - 1e-9 THEN 'A'
              WHEN coalesce(sum(headroom) OVER (ORDER BY headroom DESC, segment ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(headroom) OVER () < 0.95 - 1e-9 THEN 'B'
              ELSE 'C' END AS tier
       FROM unranked`,
  ];
}

/** plan segment: the segment table. */
export function segmentSql(files) {
  return [
    ...segmentTables(files),
    `COPY (SELECT rank, segment, tier, accounts, customers, prospects, firms, whitespace, market_spend, revenue, potential,
       account_headroom, whitespace_headroom, headroom, growth_headroom FROM seg ORDER BY rank) TO ${q(files.out)} (HEADER)`,
  ].join(';\n');
}

/** plan segment --accounts: every account ranked by headroom (rounded to the cent), then id, written as CSV. */
export function segmentAccountsSql(files) {
  return [
    ...segmentTables(files, ['name', 'website']),
    `COPY (
       SELECT row_number() OVER (ORDER BY round(a.headroom, 2) DESC, a.id) AS rank, a.id, a.name, a.state AS status, a.industry, a.region,
         a.size, a.employees, a.segment, s.rank AS segment_rank, s.tier, a.match, round(a.potential, 2) AS potential,
         round(a.revenue, 2) AS revenue, CASE WHEN a.potential > 0 THEN round(a.revenue / a.potential, 6) END AS share_of_wallet,
         round(a.headroom, 2) AS headroom, a.website
       FROM acc a JOIN seg s USING (segment) ORDER BY rank
     ) TO ${q(files.out)} (HEADER)`,
  ].join(';\n');
}

// --------------------------------------------------------------------- products

/**
 * plan products: each account's potential (plan segment's, above) times the product's share for its industry
 * (products.csv: the industry's row, else the overall row, else 0; industries compared case-folded), minus the
 * account's net order amount for the product in the 12 months to as-of (lines of customers not in customers.csv
 * and lines without a product left out), not below 0; plus whitespace: each market cell's free firms x spend per
 * firm x the share for the cell's industry (overall for a wildcard). Buyers: accounts with net revenue above 0.
 * Ranked by headroom (rounded to the cent), then product; tiers as plan segment's.
 */
export function productsSql(files) {
  return [
    ...segmentTables(files),
    `CREATE TEMP TABLE catalog AS SELECT trim(product) AS product, lower(nullif(nullif(trim(industry), '*'), '')) AS industry,
       CAST(share AS DOUBLE) AS share
       FROM read_csv(${q(files.products)}, header = true, all_varchar = true) WHERE share IS NOT NULL`,
    `CREATE TEMP TABLE products AS SELECT DISTINCT product FROM catalog`,
    `CREATE TEMP TABLE shares AS
       SELECT i.industry, p.product, coalesce(own.share, base.share, 0) AS share
       FROM (SELECT DISTINCT lower(industry) AS industry FROM acc UNION SELECT DISTINCT lower(industry) FROM market) i
       CROSS JOIN products p
       LEFT JOIN catalog own ON own.product = p.product AND own.industry = i.industry
       LEFT JOIN catalog base ON base.product = p.product AND base.industry IS NULL`,
    `CREATE TEMP TABLE bought AS
       SELECT customer_id AS id, trim(product) AS product, sum(amount) AS revenue
       FROM read_csv(${q(files.orders)}, header = true,
         types = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DECIMAL(18,4)', 'product': 'VARCHAR'})
       WHERE "date" > ${AS_OF} - INTERVAL 12 MONTH AND "date" <= ${AS_OF} AND product IS NOT NULL AND customer_id IN (SELECT id FROM acc)
       GROUP BY ALL`,
    `CREATE TEMP TABLE per_account AS
       SELECT s.product, a.potential * s.share AS pot, CAST(coalesce(b.revenue, 0) AS DOUBLE) AS rev, coalesce(b.revenue, 0) AS rev_exact
       FROM acc a JOIN shares s ON s.industry IS NOT DISTINCT FROM lower(a.industry)
       LEFT JOIN bought b ON b.id = a.id AND b.product = s.product`,
    `CREATE TEMP TABLE whitespace AS
       SELECT s.product, sum(c.free * c.spend_per_firm * s.share) AS headroom
       FROM cells c JOIN shares s ON s.industry IS NOT DISTINCT FROM lower(c.industry) GROUP BY ALL`,
    `CREATE TEMP TABLE product_totals AS
       SELECT p.product, (SELECT count(*) FROM acc) AS accounts, count(*) FILTER (WHERE rev > 0) AS buyers,
         sum(pot) + coalesce(any_value(w.headroom), 0) AS potential, sum(rev_exact) AS revenue,
         round(sum(greatest(0, pot - rev)) + coalesce(any_value(w.headroom), 0), 2) AS headroom
       FROM per_account p LEFT JOIN whitespace w USING (product) GROUP BY p.product`,
    `COPY (
       SELECT row_number() OVER (ORDER BY headroom DESC, product) AS rank, product,
         CASE WHEN sum(headroom) OVER () <= 0 THEN 'C'
              WHEN coalesce(sum(headroom) OVER (ORDER BY headroom DESC, product ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(headroom) OVER () < 0.8 - 1e-9 THEN 'A'
              WHEN coalesce(sum(headroom) OVER (ORDER BY headroom DESC, product ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(headroom) OVER () < 0.95 - 1e-9 THEN 'B'
              ELSE 'C' END AS tier,
         accounts, buyers, round(potential, 2) AS potential, revenue, headroom
       FROM product_totals ORDER BY rank
     ) TO ${q(files.out)} (HEADER)`,
  ].join(';\n');
}

// --------------------------------------------------------------------- contact

/**
 * plan contact: accounts with their segment's tier (as above), touches of contacts.csv for known accounts, of a
 * known type and dated up to as-of, folded per account (last touch, last sales touch, first sales touch since
 * contract_start, counts over the last 90 and 365 days), then each account's state (cadence A 14, B 30, C 90,
 * prospects in A 30, lost none; overdue, renewal due 0-90 days ahead, post-sale window of 60 days, flags), and the
 * touches of the last 365 days by contract phase (months counted with month-end clamping, as addMonths).
 */
export function contactTables(files, columns = []) {
  const yearFrom = `${AS_OF} - 364`;
  const recentFrom = `${AS_OF} - 89`;
  return [
    ...segmentTables(files, ['owner', 'contract_end', ...columns]),
    `CREATE TEMP TABLE accounts AS SELECT a.id, ${columns.map((c) => `a.${c}, `).join('')}coalesce(a.owner, '') AS owner, a.state AS status, s.tier,
       a.contract_start AS cs, a.contract_end AS ce,
       CASE WHEN a.state = 'lost' OR s.tier IS NULL THEN NULL WHEN s.tier = 'A' THEN CASE WHEN a.state = 'prospect' THEN 30 ELSE 14 END
            WHEN s.tier = 'B' THEN 30 ELSE 90 END AS cadence
       FROM acc a JOIN seg s USING (segment)`,
    `CREATE TEMP TABLE touches AS
       SELECT a.id, t.d, touch_types.sales, a.cs, a.ce
       FROM (SELECT customer_id, "date" AS d, lower(trim(type)) AS type
             FROM read_csv(${q(files.contacts)}, header = true, types = {'customer_id': 'VARCHAR', 'date': 'DATE', 'type': 'VARCHAR'})
             WHERE "date" <= ${AS_OF}) t
       JOIN ${TOUCH_TABLE} USING (type)
       JOIN accounts a ON a.id = t.customer_id`,
    `CREATE TEMP TABLE folded AS SELECT id, max(d) AS last_touch, max(d) FILTER (WHERE sales) AS last_sales,
       min(d) FILTER (WHERE sales AND d >= cs) AS first_sales_since_start,
       count(*) FILTER (WHERE sales AND d >= ${recentFrom}) AS sales_90, count(*) FILTER (WHERE NOT sales AND d >= ${recentFrom}) AS other_90,
       count(*) FILTER (WHERE sales AND d >= ${yearFrom}) AS sales_365, count(*) FILTER (WHERE NOT sales AND d >= ${yearFrom}) AS other_365
       FROM touches GROUP BY id`,
    `CREATE TEMP TABLE phased AS
       SELECT phase, count(*) FILTER (WHERE sales) AS sales, count(*) FILTER (WHERE NOT sales) AS other FROM (
         SELECT sales, CASE
           WHEN ce IS NOT NULL AND d > ce THEN NULL
           WHEN ce IS NOT NULL AND d > ce - 90 AND (cs IS NULL OR d >= cs) THEN 15
           WHEN cs IS NULL THEN NULL
           WHEN d < cs THEN CASE WHEN d >= cs - 90 THEN 0 END
           ELSE CASE WHEN m = 0 THEN 1 WHEN m < 3 THEN 2 WHEN m >= 36 THEN 14 ELSE 3 + (m - 3) // 3 END
           END AS phase
         FROM (SELECT *, m0 - CASE WHEN cs + to_months(m0) > d THEN 1 ELSE 0 END AS m
               FROM (SELECT *, (year(d) - year(cs)) * 12 + month(d) - month(cs) AS m0 FROM touches WHERE d >= ${yearFrom}))
       ) WHERE phase IS NOT NULL GROUP BY phase`,
    `CREATE TEMP TABLE states AS
       SELECT a.*, f.last_touch, f.last_sales, coalesce(f.sales_90, 0) AS sales_90, coalesce(f.other_90, 0) AS other_90,
         coalesce(f.sales_365, 0) AS sales_365, coalesce(f.other_365, 0) AS other_365,
         a.cadence IS NOT NULL AS judged,
         ${AS_OF} - f.last_touch AS days_since_touch, ${AS_OF} - f.last_sales AS days_since_sales_touch,
         a.cadence IS NOT NULL AND f.last_touch IS NULL AS never_touched,
         a.cadence IS NOT NULL AND (f.last_touch IS NULL OR ${AS_OF} - f.last_touch > a.cadence) AS overdue,
         CASE WHEN a.cadence IS NOT NULL AND f.last_touch IS NOT NULL THEN greatest(0, ${AS_OF} - f.last_touch - a.cadence) END AS days_overdue,
         a.ce - ${AS_OF} AS days_to_renewal,
         a.cadence IS NOT NULL AND a.ce IS NOT NULL AND a.ce - ${AS_OF} BETWEEN 0 AND 90 AS renewal_due,
         CASE WHEN a.status <> 'customer' OR a.cs IS NULL OR ${AS_OF} < a.cs THEN 'n/a'
              WHEN f.first_sales_since_start IS NOT NULL AND f.first_sales_since_start <= a.cs + 59 THEN 'done'
              WHEN ${AS_OF} <= a.cs + 59 THEN 'due'
              WHEN f.first_sales_since_start IS NULL THEN 'silent' ELSE 'late' END AS post_sale
       FROM accounts a LEFT JOIN folded f USING (id)`,
    `CREATE TEMP TABLE flagged AS
       SELECT *, renewal_due AND overdue AS renewal_risk, post_sale = 'silent' AS post_sale_silence,
         judged AND sales_365 = 0 AND other_365 > 0 AS service_only
       FROM states`,
  ];
}

export function contactSql(files) {
  const groups = (key, label) =>
    `SELECT '${key}' AS "group", ${label} AS key, count(*) AS accounts, count(*) FILTER (WHERE judged) AS judged,
       count(*) FILTER (WHERE judged AND NOT overdue) AS within_cadence, count(*) FILTER (WHERE overdue) AS overdue,
       count(*) FILTER (WHERE never_touched) AS never_touched, count(*) FILTER (WHERE renewal_due) AS renewals_due,
       count(*) FILTER (WHERE renewal_risk) AS renewal_risk, count(*) FILTER (WHERE post_sale_silence) AS post_sale_silence,
       count(*) FILTER (WHERE post_sale = 'due') AS post_sale_due, count(*) FILTER (WHERE service_only) AS service_only
     FROM flagged`;
  return [
    ...contactTables(files),
    `COPY (
       ${groups('all', "'all accounts'")}
       UNION ALL ${groups('tier', "coalesce(tier, '(none)')")} GROUP BY ALL
       UNION ALL ${groups('rep', "CASE WHEN owner = '' THEN '(none)' ELSE owner END")} GROUP BY ALL
     ) TO ${q(files.out)} (HEADER)`,
    `COPY (SELECT * FROM phased ORDER BY phase) TO ${q(`${files.out}.phases.csv`)} (HEADER)`,
  ].join(';\n');
}

/** plan contact --accounts: every account ranked by risk (contact.ts riskKey), then id, written as CSV. */
export function contactAccountsSql(files) {
  const flags = `concat_ws(' ', CASE WHEN renewal_risk THEN 'renewal-risk' END, CASE WHEN post_sale_silence THEN 'post-sale-silence' END,
       CASE WHEN overdue THEN 'overdue' END, CASE WHEN service_only THEN 'service-only' END)`;
  const count = '(renewal_risk::INT + post_sale_silence::INT + overdue::INT + service_only::INT)';
  const first = `CASE WHEN renewal_risk THEN 0 WHEN post_sale_silence THEN 1 WHEN overdue THEN 2 WHEN service_only THEN 3 ELSE 4 END`;
  // Contract length in whole months rounded (contractMonths) and month N of it (monthsBetween + 1, at most M).
  const months = (from, to) =>
    `((year(${to}) - year(${from})) * 12 + month(${to}) - month(${from}) - CASE WHEN ${from} + to_months((year(${to}) - year(${from})) * 12 + month(${to}) - month(${from})) > ${to} THEN 1 ELSE 0 END)`;
  const length = `greatest(1, ${months('cs', 'ce + 1')} + CASE WHEN (ce + 1) - CAST(cs + to_months(${months('cs', 'ce + 1')}) AS DATE) >= 15 THEN 1 ELSE 0 END)`;
  return [
    ...contactTables(files, ['name', 'website']),
    `COPY (
       SELECT row_number() OVER (ORDER BY ${first}, -${count}, never_touched DESC, coalesce(days_overdue, -1) DESC,
           CASE WHEN renewal_due THEN days_to_renewal ELSE 9007199254740991 END, coalesce(tier, 'D'), id) AS rank,
         id, name, owner, status, tier, 'segment' AS tier_source, cadence, last_touch, days_since_touch, last_sales AS last_sales_touch,
         days_since_sales_touch, sales_90, other_90, sales_365, other_365, days_overdue, never_touched, cs AS contract_start,
         ce AS contract_end,
         CASE WHEN cs IS NOT NULL AND ${AS_OF} < cs THEN 'not started' WHEN ce IS NOT NULL AND ${AS_OF} > ce THEN 'ended'
           WHEN cs IS NOT NULL THEN
             CAST(CASE WHEN ce IS NULL THEN ${months('cs', AS_OF)} + 1 ELSE least(${months('cs', AS_OF)} + 1, ${length}) END AS VARCHAR)
             || ' of ' || CASE WHEN ce IS NULL THEN '?' ELSE CAST(${length} AS VARCHAR) END END AS contract_month,
         days_to_renewal, nullif(post_sale, 'n/a') AS post_sale, ${flags} AS flags, website AS "extra:website"
       FROM flagged ORDER BY rank
     ) TO ${q(files.out)} (HEADER)`,
  ].join(';\n');
}

// --------------------------------------------------------------------- schedule

/**
 * plan schedule's data work, not its planner: contact states for 200k accounts from 2M touches (as plan contact),
 * tiers and headroom from the segment analysis, and each rep's accounts ranked for the first week as
 * comparePriority does (urgency in whole cadences, renewal nearing, post-sale follow-up, headroom, how far past
 * the cadence, id). plan then fills 4 weeks of slots from such rankings; DuckDB stops at the ranking (a lower bound).
 */
export function scheduleSql(files) {
  const lastDay = "DATE '2026-12-06'";
  const urgency = `CASE WHEN cadence IS NULL THEN 0 WHEN never_touched THEN 2 WHEN days_since_touch > cadence THEN 1 + (days_since_touch - 1) // cadence
       WHEN last_touch + cadence <= ${lastDay} THEN 1 ELSE 0 END`;
  return [
    ...contactTables(files),
    `COPY (
       SELECT owner AS rep, row_number() OVER (PARTITION BY owner ORDER BY urgency DESC,
           CASE WHEN renewal_due THEN days_to_renewal ELSE 9007199254740991 END, (post_sale IN ('due', 'silent')) DESC,
           round(headroom, 2) DESC, coalesce(days_since_touch / cadence, 1) DESC, id) AS rank, id AS account, urgency
       FROM (SELECT f.*, ${urgency} AS urgency, a.headroom FROM flagged f JOIN acc a USING (id))
       WHERE cadence IS NOT NULL AND NOT (urgency = 0 AND post_sale NOT IN ('due', 'silent') AND coalesce(days_since_touch, 0) < cadence / 2)
       ORDER BY rep, rank
     ) TO ${q(files.out)} (HEADER)`,
  ].join(';\n');
}

// --------------------------------------------------------------------- time

/**
 * plan time: hours per rep and activity class over the file up to as-of (a row's day is its date, else the Monday
 * of its week); activities named as the built-in map names them after case folding and collapsing spaces, dashes
 * and underscores; others count as unknown.
 */
export function timeSql({ activities, out }) {
  const values = Object.entries(ACTIVITY_CLASSES)
    .flatMap(([cls, names]) => names.map((n) => `('${n}', '${cls}')`))
    .join(', ');
  return [
    `CREATE TEMP TABLE classes AS SELECT * FROM (VALUES ${values}) v(name, cls)`,
    `COPY (
       SELECT rep, sum(hours) AS hours, ${['selling', 'travel', 'admin', 'internal', 'service', 'unknown']
         .map((c) => `coalesce(sum(hours) FILTER (WHERE cls = '${c}'), 0) AS ${c}_hours`)
         .join(', ')}
       FROM (
         SELECT a.rep, a.hours, coalesce(c.cls, 'unknown') AS cls
         FROM read_csv(${q(activities)}, header = true, types = {'rep': 'VARCHAR', 'activity': 'VARCHAR', 'hours': 'DOUBLE', 'date': 'DATE'}) a
         LEFT JOIN classes c ON c.name = trim(regexp_replace(lower(a.activity), '[\\s_-]+', ' ', 'g'))
         WHERE a."date" <= ${AS_OF}
       ) GROUP BY rep ORDER BY rep
     ) TO ${q(out)} (HEADER)`,
  ].join(';\n');
}

// --------------------------------------------------------------------- focus

/**
 * plan focus: accounts with their tier, headroom and share of wallet (as plan segment) and their contact state (as
 * plan contact); sales touches of the period (the 12 months to as-of: 2025-11-28 .. 2026-11-27) per account; net
 * order amounts per account in the period and in the 12 months before (2024-11-28 .. 2025-11-27), each rounded to
 * the cent; then per rep and for the team: the alignment index, the easy share of touches, overdue A-tier accounts,
 * the revenue bridge (won, growth, decline, lost) and the flag.
 */
export function focusSql(files) {
  const current = "DATE '2025-11-28'";
  const previous = "DATE '2024-11-28'";
  const rep = (key) => `SELECT ${key} AS rep, count(*) AS accounts, sum(touches) AS sales_touches,
       CASE WHEN sum(touches) > 0 AND coalesce(sum(headroom) FILTER (WHERE tier = 'A'), 0) > 0
         THEN round(coalesce(sum(touches) FILTER (WHERE tier = 'A'), 0) * sum(headroom)::DOUBLE
                    / (sum(touches) * sum(headroom) FILTER (WHERE tier = 'A')), 6) END AS alignment,
       CASE WHEN sum(touches) > 0 THEN round(coalesce(sum(touches) FILTER (WHERE easy), 0) / sum(touches), 6) END AS easy_touch_share,
       count(*) FILTER (WHERE tier = 'A' AND overdue) AS overdue_a, sum(headroom) / 100 AS headroom,
       sum(prev) / 100 AS previous, coalesce(sum(cur - prev) FILTER (WHERE term = 'won'), 0) / 100 AS won,
       coalesce(sum(cur - prev) FILTER (WHERE term = 'move' AND cur > prev), 0) / 100 AS growth,
       coalesce(sum(prev - cur) FILTER (WHERE term = 'move' AND cur < prev), 0) / 100 AS decline,
       coalesce(sum(prev - cur) FILTER (WHERE term = 'lost'), 0) / 100 AS lost, sum(cur) / 100 AS current
     FROM fa`;
  return [
    ...contactTables(files),
    `CREATE TEMP TABLE rev AS SELECT customer_id AS id,
       coalesce(round(sum(amount) FILTER (WHERE "date" BETWEEN ${current} AND ${AS_OF}), 2), 0) * 100 AS cur,
       coalesce(round(sum(amount) FILTER (WHERE "date" BETWEEN ${previous} AND ${current} - 1), 2), 0) * 100 AS prev
       FROM read_csv(${q(files.orders)}, header = true, types = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DECIMAL(18,4)'})
       GROUP BY customer_id`,
    `CREATE TEMP TABLE st AS SELECT id, count(*) AS n FROM touches WHERE sales AND d >= ${current} GROUP BY id`,
    `CREATE TEMP TABLE fa AS
       SELECT f.id, CASE WHEN f.owner = '' THEN '(none)' ELSE f.owner END AS rep, f.tier, f.overdue,
         CAST(round(round(a.headroom, 2) * 100) AS BIGINT) AS headroom,
         a.potential > 0 AND round(a.revenue / a.potential, 6) >= 0.8 AS easy, coalesce(st.n, 0) AS touches,
         CAST(coalesce(r.cur, 0) AS BIGINT) AS cur, CAST(coalesce(r.prev, 0) AS BIGINT) AS prev,
         CASE WHEN coalesce(r.cur, 0) > 0 AND coalesce(r.prev, 0) > 0 THEN 'move' WHEN coalesce(r.cur, 0) > 0 THEN 'won'
              WHEN coalesce(r.prev, 0) > 0 THEN 'lost' ELSE 'move' END AS term
       FROM flagged f JOIN acc a USING (id) LEFT JOIN st USING (id) LEFT JOIN rev r USING (id)`,
    `COPY (
       SELECT *, CASE WHEN rep NOT IN ('(none)', 'all') AND overdue_a > 0 AND easy_touch_share > 0.5 THEN 'chasing-easy-orders' END AS flags
       FROM (${rep('rep')} GROUP BY rep UNION ALL ${rep("'all'")})
     ) TO ${q(files.out)} (HEADER)`,
  ].join(';\n');
}
