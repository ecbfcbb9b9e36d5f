/** plan contact: who has gone without contact, over the dataset's accounts and touches. */
import type { ContactAnalysis, Flag } from '../core/contact.js';
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
  const { owners } = await ds.accounts();
  if (request.rep !== undefined && !owners.has(request.rep)) {
    throw new PlanError('usage', `--rep ${request.rep}: no account in ${ds.require('customers').label} has this owner`);
  }
  const touches = await ds.touches();
  return touches.finish({ rep: request.rep, flags: request.flags, list: request.accounts, limit: request.top });
}
