/** plan contact: who has gone without contact, over the dataset's accounts and touches. */
import { type ContactAnalysis, type Flag, NO_EXTRA } from '../core/contact.js';
import { PlanError } from '../errors.js';
import type { Dataset, Needs } from './dataset.js';

export interface ContactRequest {
  /** List the accounts ranked by risk (else the summary only). */
  accounts: boolean;
  /** Only accounts with one of these flags in the list. */
  flags: readonly Flag[];
  /** Only accounts of this owner. */
  rep?: string;
  /** At most this many accounts in the list. */
  top?: number;
}

export function contactNeeds(request: ContactRequest): Needs {
  return { accounts: { passthrough: request.accounts, reach: false }, touches: true };
}

export async function runContact(ds: Dataset, request: ContactRequest): Promise<ContactAnalysis> {
  ds.require('customers');
  ds.require('contacts');
  const { list, owners, extraOf } = await ds.accounts();
  if (request.rep !== undefined && !owners.has(request.rep)) {
    throw new PlanError('usage', `--rep ${request.rep}: no account in ${ds.require('customers').label} has this owner`);
  }
  const touches = await ds.touches();
  const analysis = touches.finish({ rep: request.rep, flags: request.flags, list: request.accounts, limit: request.top });
  // The listed accounts with their passed-through columns (the dataset keeps those apart from the accounts).
  if (analysis.accounts.length === 0 || extraOf(0) === NO_EXTRA) return analysis;
  const shown = new Map(analysis.accounts.map((s) => [s.account, -1]));
  list.forEach((account, position) => {
    if (shown.has(account)) shown.set(account, position);
  });
  const accounts = analysis.accounts.map((s) => ({ ...s, account: { ...s.account, extra: extraOf(shown.get(s.account) as number) } }));
  return { ...analysis, accounts };
}
