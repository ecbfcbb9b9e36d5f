/**
 * Header names: normalise, map through config and presets, find the header
 * row. BAD_INPUTS.md cases 17, 33-37, 51.
 */
import { closest, distance } from 'fastest-levenshtein';
import { normalizeHeader } from '../schema/header-names.js';

// The rule lives in schema/ (views name passed-through columns by it too); readers import it from here.
export { normalizeHeader };

/**
 * Names real exports use for our columns, always understood. Revenue: only
 * names that say "our sales over a period" are revenue_12m; a CRM's bare
 * `revenue` or `Annual Revenue` is the account's own turnover and passes
 * through (README "Where revenue comes from").
 */
export const ALIASES: Record<string, Record<string, string>> = {
  customers: {
    customer_id: 'id',
    account_id: 'id',
    account_name: 'name',
    company: 'name',
    company_name: 'name',
    revenue_12_months: 'revenue_12m',
    revenue_last_12_months: 'revenue_12m',
    revenue_ltm: 'revenue_12m',
    ltm_revenue: 'revenue_12m',
    revenue_ttm: 'revenue_12m',
    ttm_revenue: 'revenue_12m',
    sales_12m: 'revenue_12m',
    sales_12_months: 'revenue_12m',
    sales_last_12_months: 'revenue_12m',
    sales_ltm: 'revenue_12m',
    sales_ttm: 'revenue_12m',
    zip: 'postcode',
    postal_code: 'postcode',
    street: 'address',
    street_address: 'address',
    address_line_1: 'address',
    town: 'city',
    contact_name: 'contact',
    contact_person: 'contact',
  },
  market: { firm_count: 'firms', establishments: 'firms' },
  orders: {
    customer: 'customer_id',
    account_id: 'customer_id',
    order_date: 'date',
    value: 'amount',
    total: 'amount',
    order_channel: 'channel',
    sku: 'product',
    product_id: 'product',
  },
  contacts: {
    customer: 'customer_id',
    account_id: 'customer_id',
    contact_date: 'date',
    activity_type: 'type',
    touch_type: 'type',
  },
  reps: { rep_id: 'id', rep: 'id' },
  activities: { rep_id: 'rep' },
  absences: { rep_id: 'rep', start: 'from', end: 'to' },
  products: { sku: 'product', product_id: 'product', product_name: 'name', unit_price: 'price' },
};

/** Column renames of common CRM exports, chosen with `--preset`. */
export const PRESETS: Record<string, Record<string, Record<string, string>>> = {
  salesforce: {
    customers: {
      'Account ID': 'id',
      'Account Name': 'name',
      'Account Owner': 'owner',
      'Owner ID': 'owner',
      Industry: 'industry',
      'Billing State/Province': 'region',
      'Billing Zip/Postal Code': 'postcode',
      BillingPostalCode: 'postcode',
      'Billing Street': 'address',
      BillingStreet: 'address',
      'Billing City': 'city',
      BillingCity: 'city',
      BillingState: 'region',
      Employees: 'employees',
      NumberOfEmployees: 'employees',
      Type: 'status',
    },
    orders: {
      'Account ID': 'customer_id',
      'Close Date': 'date',
      'Lead Source': 'channel',
      Amount: 'amount',
      'Opportunity ID': 'order_id',
    },
    contacts: {
      'Account ID': 'customer_id',
      'Activity Date': 'date',
      'Task Subtype': 'type',
      'Assigned To': 'by',
    },
  },
  hubspot: {
    customers: {
      'Record ID': 'id',
      'Company name': 'name',
      'Company owner': 'owner',
      'Number of Employees': 'employees',
      'State/Region': 'region',
      'Postal Code': 'postcode',
      'Street Address': 'address',
      City: 'city',
      'Phone Number': 'phone',
      'Lifecycle Stage': 'status',
      Industry: 'industry',
    },
    contacts: {
      'Associated Company IDs': 'customer_id',
      'Activity date': 'date',
      'Activity type': 'type',
    },
  },
  dynamics: {
    customers: {
      Account: 'id',
      'Account Number': 'id',
      'Account Name': 'name',
      Owner: 'owner',
      'Number of Employees': 'employees',
      'Address 1: State/Province': 'region',
      'Address 1: ZIP/Postal Code': 'postcode',
      'Address 1: Street 1': 'address',
      'Address 1: City': 'city',
      'Primary Contact': 'contact',
      'Main Phone': 'phone',
    },
  },
};

/** CRM system columns that carry no data for planning (Dynamics' hidden columns). */
export function isSystemColumn(name: string): boolean {
  return /^\(do not modify\)/i.test(name.trim());
}

export interface HeaderColumn {
  index: number;
  /** As written in the file, for messages. */
  original: string;
  normalized: string;
  /** Canonical name when the column is one of the file's columns. */
  canonical?: string;
}

/** Builds the lookup normalized-name -> canonical for one file. */
export function columnLookup(canonical: readonly string[], ...mappings: (Record<string, string> | undefined)[]): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const name of canonical) lookup.set(normalizeHeader(name), name);
  for (const mapping of mappings) {
    for (const [from, to] of Object.entries(mapping ?? {})) lookup.set(normalizeHeader(from), normalizeHeader(to));
  }
  return lookup;
}

/** A close known name for an unknown one, for "did you mean". */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0 || name.length < 2) return undefined;
  const best = closest(name, known as string[]);
  return distance(name, best) <= Math.max(1, Math.floor(best.length / 4)) ? best : undefined;
}
