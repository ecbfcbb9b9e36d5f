import { z } from 'zod';
import { openDataset } from '../../analyses/dataset.js';
import { type ProductsRequest, productsNeeds, runProducts } from '../../analyses/products.js';
import { type ProductsView, productsDocument } from '../../views/products.js';
import type { CommandSpec } from '../command.js';
import { bySchema, parseWith, topSchema } from '../options.js';

const optionsSchema = z.object({
  by: bySchema,
  accounts: z.boolean().default(false),
  top: topSchema,
});

export const productsCommand: CommandSpec<{ request: ProductsRequest; view: ProductsView }> = {
  name: 'products',
  summary: "rank products by headroom; each account's next best product",
  description: [
    "Ranks products by headroom: each account's buying potential (as plan segment estimates it) times the product's share of it, minus what the account bought of the product in the 12 months to --as-of, plus the market's whitespace firms. Shares come from market.csv rows with a product column, else from products.csv (the industry's share, else the overall one); revenue per product from orders.csv's product column.",
    'Per product: potential, our revenue, buyers and penetration (buyers / accounts), headroom and tier (A, B, C by cumulative headroom share, as plan segment). --by DIMENSIONS splits each product by segment (product x segment). --accounts lists each account with its largest-headroom product and its next best product: one that at least 30% of its buying peers in the segment buy and it does not (at least 3 peers), with the reason in words.',
    'Rules and columns: docs/products.md.',
  ].join('\n\n'),
  examples: [
    'plan products --data fixtures/demo',
    'plan products --data fixtures/demo --by industry',
    'plan products --data fixtures/demo --accounts --top 20',
    'plan products --data fixtures/demo --format json --out products.json',
  ],
  inputs: ['customers', 'market', 'orders', 'products'],
  options: (cmd) =>
    cmd
      .option('--by <dimensions>', 'product x segment by any of industry,region,size')
      .option('--accounts', "list accounts with their top and next best product instead of products")
      .option('--top <n>', 'at most N rows'),
  parse: (raw) => {
    const o = parseWith(optionsSchema, raw);
    return { request: { by: o.by, accounts: o.accounts }, view: { matrix: o.by !== undefined, accounts: o.accounts, top: o.top } };
  },
  async run(ctx, { request, view }) {
    const analysis = await runProducts(openDataset(ctx, [productsNeeds(request)]), request);
    return { document: productsDocument(analysis, view) };
  },
};
