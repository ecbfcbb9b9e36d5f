/** plan focus: are reps chasing the easy orders? Effort against potential and where revenue came from, per rep. */
import { analyseFocus, DEFAULT_EASY_SHARE, type FocusAnalysis, focusInput, focusPeriods } from '../core/focus.js';
import { PlanError } from '../errors.js';
import type { Day } from '../schema/calendar.js';
import type { Dataset, Needs } from './dataset.js';

export interface FocusRequest {
  /** The period (default: the 12 months to --as-of), compared with the 12 months before it. */
  from?: Day;
  to?: Day;
  /** Only this rep in the per-rep figures and the listing. */
  rep?: string;
  /** Share of wallet from which an account is "easy" (0..1). */
  easyShare: number;
  /** At most this many reps, and accounts listed. */
  top?: number;
  /** Name the overdue A-tier accounts of flagged reps. */
  accounts: boolean;
}

export const FOCUS_DEFAULTS: FocusRequest = { easyShare: DEFAULT_EASY_SHARE, accounts: false };

/** Accounts with their tiers (the one placement), orders summed over both periods, touches counted over the current one. */
export function focusNeeds(request: FocusRequest): Needs {
  const periods = (asOf: Day) => focusPeriods(asOf, request.from, request.to);
  return {
    accounts: { passthrough: false, reach: false },
    touches: true,
    orderPeriods: (asOf) => {
      const p = periods(asOf);
      return [p.current, p.previous];
    },
    salesTouches: (asOf) => periods(asOf).current,
  };
}

export async function runFocus(ds: Dataset, request: FocusRequest): Promise<FocusAnalysis> {
  for (const key of ['customers', 'market', 'orders', 'contacts'] as const) ds.require(key);
  const periods = focusPeriods(ds.asOf, request.from, request.to);
  const { list, owners, placement } = await ds.accounts();
  if (request.rep !== undefined && !owners.has(request.rep))
    throw new PlanError('usage', `--rep ${request.rep}: no account in ${ds.require('customers').label} has this owner`);
  if (!placement) throw new Error('plan focus: accounts without their placement');
  const contacts = await ds.touches();
  const salesTouches = await ds.salesTouches();
  const revenue = await ds.periodRevenue();
  const config = ds.config;
  return analyseFocus(
    { input: focusInput(list, placement), revenue, salesTouches, contacts },
    {
      asOf: ds.asOf,
      periods,
      cadence: config.cadence,
      postSaleDays: config.postSaleDays,
      easyShare: request.easyShare,
      list: request.accounts,
      rep: request.rep,
      top: request.top,
    },
  );
}
