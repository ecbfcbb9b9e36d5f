import { z } from 'zod';
import { compareProducts } from '../../analyses/compare.js';
import { openDataset } from '../../analyses/dataset.js';
import { type ProductsRequest, productsNeeds, runProducts } from '../../analyses/products.js';
import { PlanError } from '../../errors.js';
import { readPreviousRanking } from '../../io/previous.js';
import { withComparison } from '../../views/compare.js';
import { type ProductsView, productsDocument } from '../../views/products.js';
import type { CommandSpec } from '../command.js';
import { bySchema, compareSchema, parseWith, topSchema } from '../options.js';

const optionsSchema = z.object({
  by: bySchema,
  accounts: z.boolean().default(false),
  top: topSchema,
  compare: compareSchema,
});

export const productsCommand: CommandSpec<{ request: ProductsRequest; view: ProductsView; compare: string | undefined }> = {
  description: [
    "Ranks products by headroom: each account's buying potential (as plan segment estimates it) times the product's share of it, minus what the account bought of the product in the 12 months to --as-of, plus the market's whitespace firms. Shares come from market.csv rows with a product column, else from products.csv (the industry's share, else the overall one); revenue per product from orders.csv's product column.",
    'Per product: potential, our revenue, buyers and penetration (buyers / accounts), headroom and tier (A, B, C by cumulative headroom share, as plan segment). --by DIMENSIONS splits each product by segment (product x segment). --accounts lists each account with its largest-headroom product and its next best product: one that at least 30% of its buying peers in the segment buy and it does not (at least 3 peers), with the reason in words.',
    '--compare PREVIOUS.json: rank moves, tier changes, entries and exits against an earlier --format json output of plan products.',
    'Rules and columns: docs/products.md.',
  ].join('\n\n'),
  examples: [
    'plan products --data fixtures/demo',
    'plan products --data fixtures/demo --by industry',
    'plan products --data fixtures/demo --accounts --top 20',
    'plan products --data fixtures/demo --format json --out products.json',
    'plan products --data fixtures/demo --compare products.json',
  ],
  inputs: ['customers', 'market', 'orders', 'products'],
  options: (cmd) =>
    cmd
      .option('--by <dimensions>', 'product x segment by any of industry,region,size')
      .option('--accounts', 'list accounts with their top and next best product instead of products')
      .option('--top <n>', 'at most N rows')
      .option('--compare <file>', 'show moves against an earlier --format json output of plan products'),
  parse: (raw) => {
    const o = parseWith(optionsSchema, raw);
    // Unlike plan segment's, the accounts listing is not compared: its moves would be the products'.
    if (o.accounts && o.compare !== undefined)
      throw new PlanError('usage', '--compare shows moves of the product ranking, not of accounts: leave out --accounts (or --compare)');
    return {
      request: { by: o.by, accounts: o.accounts },
      view: { matrix: o.by !== undefined, accounts: o.accounts, top: o.top },
      compare: o.compare,
    };
  },
  async run(ctx, { request, view, compare }) {
    const previous = compare === undefined ? undefined : await readPreviousRanking(compare, ctx.problems);
    const analysis = await runProducts(openDataset(ctx, [productsNeeds(request)]), request);
    const document = productsDocument(analysis, view);
    if (!previous || compare === undefined) return { document };
    return { document: withComparison(document, compareProducts(analysis, previous, compare), compare) };
  },
};
