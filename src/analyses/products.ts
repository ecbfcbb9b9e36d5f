/**
 * plan products: products ranked by headroom over the accounts and the
 * market's whitespace, on the dataset's segment placement and its one
 * orders.csv pass (core/products.ts, docs/products.md).
 */
import type { ProductAnalysis } from '../core/products.js';
import { describeUnknown } from '../core/references.js';
import type { Dimension } from '../core/segment.js';
import { grouped, PlanError } from '../errors.js';
import type { Dataset, Needs } from './dataset.js';

export interface ProductsRequest {
  /** Segments of the product x segment matrix (default: plan segment's). */
  by?: readonly Dimension[];
  /** Keep every account, for `--accounts`. */
  accounts: boolean;
}

export function productsNeeds(request: ProductsRequest): Needs {
  return { products: { by: request.by, accounts: request.accounts } };
}

export async function runProducts(ds: Dataset, _request: ProductsRequest): Promise<ProductAnalysis> {
  const { analysis } = await ds.products();
  const { withoutProduct } = analysis.unplaced;
  if (withoutProduct.rows > 0 && analysis.totals.buyers === 0)
    ds.problems.add({
      severity: 'warning',
      file: ds.require('orders').label,
      line: 1,
      code: 'W_NO_PRODUCT',
      message: `none of the ${grouped(withoutProduct.rows)} order lines of the 12 months to --as-of names a product (a product column, docs/products.md): our revenue per product is 0 and all potential is headroom`,
    });
  const unknown = analysis.unplaced.unknownProducts;
  if (unknown.rows > 0) {
    const file = ds.require('orders').label;
    ds.problems.add({
      severity: 'warning',
      file,
      line: unknown.top[0]?.firstLine ?? 0,
      code: 'W_UNKNOWN_KEY',
      message: `left out of every product: ${describeUnknown(unknown, ['product no input lists', 'products no input lists'])}`,
    });
    if (ds.problems.errorCount(file) > 0) throw new PlanError('data', `${file}: unknown products (--strict)`);
  }
  return analysis;
}
