/**
 * Contact needs before and after the sale (DOMAIN.md ideas 4 and 6): loyalty
 * falls as a contract ages and rises with contact, and every touch counts,
 * not only the rep's. Per account: when it was last touched (by anyone, and
 * by sales), how often lately, its target cadence, where its contract stands,
 * and four flags. The rules live here once; `plan schedule` and `plan report`
 * reuse the fold and `contactState()`.
 *
 * Touches stream: `createContactFold()` keeps a few typed-array slots per
 * account and counts per (owner, contract phase), so memory grows with
 * accounts, never with touches.
 */
import { addMonths, type Day, monthsBetween } from '../schema/calendar.js';
import { ownText } from '../schema/cells.js';
import { type ByteSpan, Sequence } from '../schema/columns.js';
import type { Config } from '../schema/config.js';
import type { ContactRow, CustomerRow } from '../schema/files.js';
import { grown, KeyTable } from '../schema/keys.js';
import { type UnknownKeyReport, UnknownKeys } from './references.js';
import type { RevenueSource } from './revenue.js';
import { statusOf, type Tier } from './segment.js';
import { type DateWindow, WindowCoverage } from './window.js';

export { ownText };

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** Byte touches queued before their accounts are found together (createContactFold's `flush`), and int32 each. */
const BATCH = 256;
const QUEUED = 5;

// ---------------------------------------------------------------- rules

export type TouchClass = 'sales' | 'other';
export type Status = 'customer' | 'prospect' | 'lost';

/** Built-in touch types; config `touchTypes` is merged over them (keys case-insensitive). */
export const DEFAULT_TOUCH_TYPES: Readonly<Record<string, TouchClass>> = {
  visit: 'sales',
  call: 'sales',
  meeting: 'sales',
  'e-mail': 'sales',
  email: 'sales',
  service: 'other',
  support: 'other',
  billing: 'other',
  finance: 'other',
  complaint: 'other',
};

/** Flags in order of urgency (the order of `--accounts` and of every listing). */
export const FLAGS = ['renewal-risk', 'post-sale-silence', 'overdue', 'service-only'] as const;
export type Flag = (typeof FLAGS)[number];

/** SPEC: a renewal "within 90 days" is one whose contract ends 0-90 days after the as-of day. */
export const RENEWAL_DAYS = 90;
/** The two look-back windows, as-of day included: the last 90 days are as-of - 89 .. as-of. */
export const RECENT_DAYS = 90;
export const YEAR_DAYS = 365;
/** Cadence (and thus the within-cadence share) without market data: tier by status. */
export const STATUS_TIER: Readonly<Record<Status, Tier | null>> = { customer: 'B', prospect: 'C', lost: null };

export interface ContactRules {
  cadence: Config['cadence'];
  postSaleDays: number;
}

/** Type -> class, defaults merged with config; undefined for an unknown type. */
export function touchClassifier(overrides: Config['touchTypes'] = {}): (type: string) => TouchClass | undefined {
  const classes = new Map<string, TouchClass>();
  for (const [type, cls] of Object.entries({ ...DEFAULT_TOUCH_TYPES })) classes.set(normType(type), cls);
  for (const [type, cls] of Object.entries(overrides)) classes.set(normType(type), cls);
  // Files use a handful of spellings: a short list compared by equality beats hashing each row's fresh string.
  const seenTypes: string[] = [];
  const seenClasses: (TouchClass | undefined)[] = [];
  return (type) => {
    for (let k = 0; k < seenTypes.length; k++) if (seenTypes[k] === type) return seenClasses[k];
    const cls = classes.get(normType(type));
    if (seenTypes.length < 64) {
      seenTypes.push(type);
      seenClasses.push(cls);
    }
    return cls;
  };
}

export const normType = (type: string) => type.trim().toLowerCase();

/**
 * Target days between touches: tier A 14, B 30, C 90; prospects in A-tier
 * segments 30 (config `cadence`). Lost accounts have none: they are listed,
 * never judged.
 */
export function cadenceFor(status: Status, tier: Tier | null, cadence: Config['cadence']): number | null {
  if (status === 'lost' || tier === null) return null;
  if (tier === 'A') return status === 'prospect' ? cadence.prospectA : cadence.A;
  return cadence[tier];
}

/**
 * Contract length in whole months, rounded to the nearest month (at least 1):
 * 2025-10-30..2027-10-29 is 24; 2028-02-29..2029-02-28 is 12.
 */
export function contractMonths(start: Day, end: Day): number {
  const after = end + 1;
  const whole = monthsBetween(start, after);
  const rest = after - addMonths(start, whole);
  return Math.max(1, whole + (rest >= 15 ? 1 : 0));
}

// ---------------------------------------------------------------- accounts

export interface ContactAccount {
  id: string;
  name: string;
  /** Rep id from customers.csv `owner`; '' when empty. */
  owner: string;
  status: Status;
  tier: Tier | null;
  /** Where the tier comes from: the segment analysis (market.csv) or the status rule. */
  tierSource: 'segment' | 'status';
  contractStart: Day | null;
  contractEnd: Day | null;
  extra: Record<string, string>;
}

/** Accounts by position: a list of them, or the dataset's columns (core/contact-accounts.ts). */
export interface AccountSource {
  readonly length: number;
  at(i: number): ContactAccount | undefined;
  /** A text of each account as the UTF-8 bytes it is kept as, when it is (core/contact-accounts.ts). */
  spans?(text: AccountText): ((i: number, into: ByteSpan) => void) | undefined;
  /** The accounts' ids interned, key i being account i (all ids distinct), when the source keeps them so. */
  idTable?(): KeyTable | undefined;
}

/** The texts of an account a listing may read as bytes: name, owner, or a passed-through column. */
export type AccountText = 'name' | 'owner' | { extra: string };

/** The customers.csv columns `plan contact` reads besides the segment ones. */
export const CONTACT_COLUMNS = ['id', 'name', 'status', 'owner', 'contract_start', 'contract_end', 'revenue_12m'] as const;
export type ContactCustomer = Pick<CustomerRow, (typeof CONTACT_COLUMNS)[number] | 'line' | 'extra'>;

const NO_EXTRA: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * An owned copy of a text kept for long. Fields the reader cuts out of a
 * file's text chunk are V8 "sliced strings" that keep the whole chunk alive:
 * a million kept names would hold all of customers.csv in memory. Short
 * strings (under 13 characters) are copied by V8 anyway.
 */

/**
 * One account, its tier by status (customer B, prospect C, lost none) until
 * `setSegmentTier` gives it the segment's. `owners` interns owner ids
 * (a few reps own a million accounts).
 */
export function contactAccount(row: ContactCustomer, owners?: Map<string, string>): ContactAccount {
  const status = statusOf(row);
  let owner = row.owner ?? '';
  if (owners) {
    const known = owners.get(owner);
    if (known === undefined) {
      const own = ownText(owner);
      owners.set(owner, own);
      owner = own;
    } else owner = known;
  }
  let extra = NO_EXTRA;
  if (row.extra && Object.keys(row.extra).length > 0) {
    extra = {};
    for (const [k, v] of Object.entries(row.extra)) extra[k] = ownText(v);
  }
  return {
    id: ownText(row.id),
    name: ownText(row.name ?? ''),
    owner,
    status,
    tier: STATUS_TIER[status],
    tierSource: 'status',
    contractStart: row.contract_start ?? null,
    contractEnd: row.contract_end ?? null,
    extra,
  };
}

/** The tier of the account's segment (plan segment); null keeps the status tier. */
export function setSegmentTier(account: ContactAccount, tier: Tier | null): void {
  if (tier === null) return;
  account.tier = tier;
  account.tierSource = 'segment';
}

/** Accounts with their tier: from the segment analysis (`segmentTiers`, id -> tier) when given, else by status. */
export function contactAccounts(customers: readonly ContactCustomer[], segmentTiers?: ReadonlyMap<string, Tier | null>): ContactAccount[] {
  const owners = new Map<string, string>();
  return customers.map((row) => {
    const account = contactAccount(row, owners);
    setSegmentTier(account, segmentTiers?.get(row.id) ?? null);
    return account;
  });
}

// ---------------------------------------------------------------- one account

/** What the fold knows of one account's touches (days are as-of relative only in the counts). */
export interface TouchSummary {
  lastTouch: Day | null;
  lastSalesTouch: Day | null;
  /** The first sales touch on or after contract_start (post-sale follow-up). */
  firstSalesSinceStart: Day | null;
  sales90: number;
  other90: number;
  sales365: number;
  other365: number;
}

export const NO_TOUCHES: TouchSummary = {
  lastTouch: null,
  lastSalesTouch: null,
  firstSalesSinceStart: null,
  sales90: 0,
  other90: 0,
  sales365: 0,
  other365: 0,
};

export type ContractPhase = 'no dates' | 'not started' | 'running' | 'ended';
/**
 * Post-sale follow-up, for customers with a contract_start on or before the day:
 * `due` the window of postSaleDays runs and no sales touch yet; `done` a sales
 * touch in the window; `late` none in the window but one since; `silent` the
 * window has passed and no sales touch since the start at all (the flag).
 */
export type PostSale = 'n/a' | 'due' | 'done' | 'late' | 'silent';

export interface ContactState extends TouchSummary {
  account: ContactAccount;
  /** The day the state is computed for. */
  at: Day;
  cadence: number | null;
  daysSinceTouch: number | null;
  daysSinceSalesTouch: number | null;
  /** Judged (has a cadence) and not a single touch on record. */
  neverTouched: boolean;
  /** Days since the last touch beyond the cadence (0 within); null when not judged or never touched. */
  daysOverdue: number | null;
  withinCadence: boolean | null;
  contract: {
    phase: ContractPhase;
    /** Month N of M (N from 1, at most M); null without a start (N) or an end (M). */
    month: number | null;
    months: number | null;
    /** contract_end - day (negative once ended); null without an end. */
    daysToRenewal: number | null;
    renewalDue: boolean;
  };
  postSale: PostSale;
  /** Last day of the post-sale window (contract_start + postSaleDays - 1). */
  postSaleWindowEnd: Day | null;
  flags: Flag[];
}

/**
 * The rules, for one account on day `at`:
 * - overdue: judged, and days since the last touch of ANY kind > cadence (or
 *   never touched). Every touch counts (DOMAIN.md idea 6); exactly at the
 *   cadence is within it.
 * - post-sale-silence: a customer whose post-sale window (the first
 *   postSaleDays days from contract_start) has passed without a sales touch,
 *   and no sales touch since either.
 * - renewal-risk: contract_end 0-90 days ahead and overdue.
 * - service-only: judged, touches in the last 365 days, none of them sales.
 */
export function contactState(account: ContactAccount, touches: TouchSummary, at: Day, rules: ContactRules): ContactState {
  const j = judge(account, touches.lastTouch, touches.firstSalesSinceStart, touches.sales365, touches.other365, at, rules, verdict);
  const start = account.contractStart;
  const end = account.contractEnd;
  let phase: ContractPhase = 'running';
  if (start === null && end === null) phase = 'no dates';
  else if (start !== null && at < start) phase = 'not started';
  else if (end !== null && at > end) phase = 'ended';
  const months = start !== null && end !== null ? contractMonths(start, end) : null;
  const month = start !== null && at >= start ? Math.min(monthsBetween(start, at) + 1, months ?? Number.POSITIVE_INFINITY) : null;
  return {
    account,
    at,
    ...touches,
    cadence: j.cadence,
    daysSinceTouch: j.daysSinceTouch,
    daysSinceSalesTouch: touches.lastSalesTouch === null ? null : at - touches.lastSalesTouch,
    neverTouched: j.neverTouched,
    daysOverdue: j.daysOverdue,
    withinCadence: j.cadence !== null ? !j.overdue : null,
    contract: { phase, month, months, daysToRenewal: j.daysToRenewal, renewalDue: j.renewalDue },
    postSale: j.postSale,
    postSaleWindowEnd: j.postSaleWindowEnd,
    flags: flagList(j.flags),
  };
}

/** contactState's verdict, written anew by each call (its figures are copied into the state it returns). */
const verdict = newJudgement();

function flagList(bits: number): Flag[] {
  const flags: Flag[] = [];
  for (let f = 0; f < FLAGS.length; f++) if ((bits & (1 << f)) !== 0) flags.push(FLAGS[f] as Flag);
  return flags;
}

/**
 * The rules' verdict on one account (contactState's figures that its flags,
 * a group's tally and the risk order need), written into `into`: the fold
 * judges a million accounts into one object instead of building each state.
 */
interface Judgement {
  cadence: number | null;
  daysSinceTouch: number | null;
  neverTouched: boolean;
  overdue: boolean;
  daysOverdue: number | null;
  daysToRenewal: number | null;
  renewalDue: boolean;
  postSale: PostSale;
  postSaleWindowEnd: Day | null;
  /** Bit f set: FLAGS[f] applies. */
  flags: number;
}

function newJudgement(): Judgement {
  return {
    cadence: null,
    daysSinceTouch: null,
    neverTouched: false,
    overdue: false,
    daysOverdue: null,
    daysToRenewal: null,
    renewalDue: false,
    postSale: 'n/a',
    postSaleWindowEnd: null,
    flags: 0,
  };
}

const FLAG_BIT = Object.fromEntries(FLAGS.map((f, i) => [f, 1 << i])) as Record<Flag, number>;

function judge(
  account: ContactAccount,
  lastTouch: Day | null,
  firstSalesSinceStart: Day | null,
  sales365: number,
  other365: number,
  at: Day,
  rules: ContactRules,
  into: Judgement,
): Judgement {
  const cadence = cadenceFor(account.status, account.tier, rules.cadence);
  const judged = cadence !== null;
  const daysSinceTouch = lastTouch === null ? null : at - lastTouch;
  const overdue = judged && (daysSinceTouch === null || daysSinceTouch > cadence);
  const start = account.contractStart;
  const end = account.contractEnd;
  const daysToRenewal = end === null ? null : end - at;
  const renewalDue = judged && daysToRenewal !== null && daysToRenewal >= 0 && daysToRenewal <= RENEWAL_DAYS;

  let postSale: PostSale = 'n/a';
  let postSaleWindowEnd: Day | null = null;
  if (account.status === 'customer' && start !== null && at >= start) {
    postSaleWindowEnd = start + rules.postSaleDays - 1;
    const first = firstSalesSinceStart;
    if (first !== null && first <= postSaleWindowEnd) postSale = 'done';
    else if (at <= postSaleWindowEnd) postSale = 'due';
    else postSale = first === null ? 'silent' : 'late';
  }

  let flags = 0;
  if (renewalDue && overdue) flags |= FLAG_BIT['renewal-risk'];
  if (postSale === 'silent') flags |= FLAG_BIT['post-sale-silence'];
  if (overdue) flags |= FLAG_BIT.overdue;
  if (judged && sales365 === 0 && other365 > 0) flags |= FLAG_BIT['service-only'];

  into.cadence = cadence;
  into.daysSinceTouch = daysSinceTouch;
  into.neverTouched = judged && daysSinceTouch === null;
  into.overdue = overdue;
  into.daysOverdue = judged && daysSinceTouch !== null ? Math.max(0, daysSinceTouch - cadence) : null;
  into.daysToRenewal = daysToRenewal;
  into.renewalDue = renewalDue;
  into.postSale = postSale;
  into.postSaleWindowEnd = postSaleWindowEnd;
  into.flags = flags;
  return into;
}

const TIER_ORDER: Record<string, number> = { A: 0, B: 1, C: 2 };

/**
 * The risk order as two numbers, each ascending. The first packs, from the
 * most significant: the most urgent flag (renewal-risk, post-sale-silence,
 * overdue, service-only, none), more flags first, never touched first, more
 * days overdue first (days are int32, so the difference fits in 2^33 and the
 * packed number stays below 2^53: exact). The second: sooner renewal first
 * (among renewals due, 0-90 days), then tier A, B, C, none. The id breaks ties.
 */
/** The first number of the risk order (see above) of a verdict. */
function riskMajor(j: Judgement): number {
  const flags = j.flags;
  let count = 0;
  for (let f = 0; f < FLAGS.length; f++) if ((flags & (1 << f)) !== 0) count++;
  const flag = flags === 0 ? FLAGS.length : 31 - Math.clz32(flags & -flags);
  const head = (flag * (FLAGS.length + 1) + (FLAGS.length - count)) * 2 + (j.neverTouched ? 0 : 1);
  return head * 2 ** 33 + (2 ** 32 - (j.daysOverdue ?? -1));
}

/** The second number of the risk order of a verdict and the account's tier. */
function riskMinor(j: Judgement, tier: Tier | null): number {
  const renewal = j.renewalDue ? (j.daysToRenewal as number) : RENEWAL_DAYS + 1;
  return renewal * 4 + (TIER_ORDER[tier ?? ''] ?? 3);
}

/** A state's verdict again (the risk order of states). */
function judgementOf(s: ContactState): Judgement {
  const j = newJudgement();
  for (const f of s.flags) j.flags |= FLAG_BIT[f];
  j.neverTouched = s.neverTouched;
  j.daysOverdue = s.daysOverdue;
  j.renewalDue = s.contract.renewalDue;
  j.daysToRenewal = s.contract.daysToRenewal;
  return j;
}

const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Most urgent first (the order of `--accounts`); see riskMajor. */
export function compareRisk(a: ContactState, b: ContactState): number {
  const ja = judgementOf(a);
  const jb = judgementOf(b);
  return (
    riskMajor(ja) - riskMajor(jb) || riskMinor(ja, a.account.tier) - riskMinor(jb, b.account.tier) || compareIds(a.account.id, b.account.id)
  );
}

// ---------------------------------------------------------------- contract phases

/**
 * Phases of a contract for the touches-by-phase chart: the 90 days before
 * the start, month 1, months 2-3, then each quarter (months 4-6, ...), months
 * 37+ together, and the last 90 days up to contract_end (which take
 * precedence over the quarter they fall in).
 */
export const PHASES: readonly string[] = [
  '90 days before start',
  'month 1',
  'months 2-3',
  ...Array.from({ length: 11 }, (_, q) => `months ${3 * q + 4}-${3 * q + 6}`),
  'months 37+',
  'last 90 days',
];
const BEFORE = 0;
const LAST_90 = PHASES.length - 1;
/** Months from the start at which each month phase begins (phase index = position + 1). */
const PHASE_STARTS = [0, 1, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36];

/**
 * The first day of each month phase of a contract starting on `start`
 * (addMonths: the 31st of a shorter month is its last day, so a touch on
 * 2028-02-29 is in month 2 of a contract from 2028-01-31).
 */
export function phaseBoundaries(start: Day): Int32Array {
  return Int32Array.from(PHASE_STARTS, (months) => addMonths(start, months));
}

/**
 * Phase index of a touch on day `t`, or -1 (no start date, before the 90
 * days, after the end). `bounds` gives phaseBoundaries(start), cached by
 * callers that classify many touches (asked only for a touch in the months).
 */
export function phaseOf(t: Day, start: Day | null, end: Day | null, bounds = phaseBoundaries): number {
  if (end !== null) {
    if (t > end) return -1;
    if (t > end - RENEWAL_DAYS && (start === null || t >= start)) return LAST_90;
  }
  if (start === null) return -1;
  if (t < start) return t >= start - 90 ? BEFORE : -1;
  const firstDays = bounds(start);
  let p = 0;
  while (p + 1 < firstDays.length && t >= (firstDays[p + 1] as number)) p++;
  return p + 1;
}

/** Days of each phase that fall within `from..to` for one contract (exposure for touch rates). */
export function phaseDays(start: Day | null, end: Day | null, from: Day, to: Day): Float64Array {
  const days = new Float64Array(PHASES.length);
  const overlap = (lo: number, hi: number) => Math.max(0, Math.min(hi, to) - Math.max(lo, from) + 1);
  if (end !== null) days[LAST_90] = overlap(start === null ? end - RENEWAL_DAYS + 1 : Math.max(start, end - RENEWAL_DAYS + 1), end);
  if (start === null) return days;
  days[BEFORE] = overlap(start - 90, start - 1);
  // Month phases end where the last 90 days begin.
  const last = Math.min(end === null ? to : end - RENEWAL_DAYS, to);
  const firstDays = phaseBoundaries(start);
  for (let p = 0; p < firstDays.length; p++) {
    const lo = firstDays[p] as number;
    if (lo > last) break;
    const next = firstDays[p + 1];
    days[p + 1] = overlap(lo, next === undefined ? last : Math.min(last, next - 1));
  }
  return days;
}

// ---------------------------------------------------------------- the fold

export interface ContactFoldOptions extends ContactRules {
  asOf: Day;
  touchTypes: Config['touchTypes'];
  /** Called for every touch `add` counts, with the account's position in `accounts` (plan focus counts its own windows). */
  onTouch?: (index: number, day: Day, sales: boolean) => void;
  /** Where the revenue behind the tiers came from (with market.csv). */
  revenueSource?: RevenueSource | null;
}

export interface IgnoredTouches {
  /** Touches for customer ids not in customers.csv. */
  unknownCustomers: UnknownKeyReport;
  /** Types neither built in nor in config touchTypes, most frequent first. */
  unknownTypes: { type: string; count: number; firstLine: number }[];
  /** Touches dated after the as-of day. */
  afterAsOf: { rows: number; firstLine: number | null };
  /** Touches without a customer id: counted apart, nobody's touch. */
  noCustomer: { rows: number; firstLine: number | null };
}

export interface GroupSummary {
  /** Tier letter, rep id, or '(none)'. */
  key: string;
  accounts: number;
  /** Accounts with a cadence (not lost, with a tier). */
  judged: number;
  withinCadence: number;
  /** withinCadence / judged; null when none is judged. */
  withinShare: number | null;
  neverTouched: number;
  renewalsDue: number;
  postSaleDue: number;
  flags: Record<Flag, number>;
}

export interface PhaseSummary {
  phase: string;
  /** Accounts that spent at least a day of the last 365 in this phase. */
  accounts: number;
  /** Account-days spent in this phase within the last 365 days. */
  accountDays: number;
  sales: number;
  other: number;
  /** Touches per account and 30 days in this phase (null without exposure). */
  salesRate: number | null;
  touchRate: number | null;
  /** touchRate and salesRate over the busiest phase's touchRate (0..1), for the chart. */
  touchShareOfPeak: number;
  salesShareOfPeak: number;
}

export interface ContactFilter {
  /** Only accounts whose owner is this rep. */
  rep?: string;
  /** Listed accounts must carry at least one of these flags. */
  flags?: readonly Flag[];
  /** Return the ranked accounts (`--accounts`). */
  list?: boolean;
  /** At most this many of them (`--top`); the totals still count every account. */
  limit?: number;
}

export interface ContactAnalysis {
  asOf: Day;
  rules: ContactRules & {
    renewalDays: number;
    recentDays: number;
    yearDays: number;
    tierSource: 'segment' | 'status';
    touchTypes: Record<string, TouchClass>;
  };
  filter: { rep: string | null; flags: Flag[] };
  /** Where the revenue behind the tiers came from; null without market.csv. */
  revenueSource: RevenueSource | null;
  totals: GroupSummary & {
    touchesRead: number;
    touchesCounted: number;
    sales365: number;
    other365: number;
  };
  ignored: IgnoredTouches;
  byTier: GroupSummary[];
  byRep: GroupSummary[];
  phases: PhaseSummary[];
  /** Ranked by risk (compareRisk), filtered, at most `limit`; empty unless `list`. Each state is built when read. */
  accounts: ContactList;
  /** Accounts that passed the filter before `limit`. */
  listed: number;
}

const NONE = -2147483648;
const LINES = 2;

/**
 * What a contact fold reads of its accounts while it counts touches, as
 * data (a worker thread's fold of a range of contacts.csv: `rangeContactFold`):
 * ids as UTF-8 bytes one after the other (idEnds: where each ends), owners
 * by code, contract days (NONE: none).
 */
export interface FoldAccounts {
  idBytes: Uint8Array;
  idEnds: Int32Array;
  owners: string[];
  /** Contract start per account, and contract end and owner code side by side. */
  start: Int32Array;
  endAndOwner: Int32Array;
}

/**
 * What a fold of a range of contacts.csv counted, by account position (the
 * same accounts as the fold it is merged into), lines from 1 at the range's
 * start: `merge` adds it.
 */
export interface ContactPartial {
  touches: TouchArrays;
  phaseCounts: Float64Array;
  unknownTypes: [key: string, count: number, firstLine: number][];
  unknownCustomers: [key: string, count: number, firstLine: number][];
  afterAsOf: { rows: number; firstLine: number | null };
  noCustomer: { rows: number; firstLine: number | null };
  coverage: number[];
  read: number;
  counted: number;
}

/** A fold of a range of contacts.csv on a worker thread: its accounts, rules and the window of `countSalesIn`. */
export interface ContactRangeSetup extends Omit<ContactFoldOptions, 'onTouch' | 'revenueSource'> {
  accounts: FoldAccounts;
  salesWindow: DateWindow | undefined;
}

/** `onTouch` counting each account's sales touches in a window (plan focus's own window) into `counts`. */
export function countSalesIn(window: DateWindow, counts: Uint32Array): NonNullable<ContactFoldOptions['onTouch']> {
  return (i, day, sales) => {
    if (sales && day >= window.from && day <= window.to) counts[i] = (counts[i] as number) + 1;
  };
}

/**
 * A fold of the accounts of `data` (a range of contacts.csv on a worker
 * thread): it counts touches as the fold that made the data does, for
 * `merge`; it judges no account (it has only their ids, owners and contracts).
 */
export function rangeContactFold(data: FoldAccounts, options: ContactFoldOptions) {
  const n = data.start.length;
  return createContactFold({ length: n, at: () => undefined }, options, data);
}

/**
 * Folds contacts.csv into per-account slots. `add` takes file rows (checks
 * customer, type and date, counts what it ignores); `addTouch` takes touches
 * that need no checks, e.g. calls `plan schedule` plans for later weeks.
 * Counts in the 90/365-day windows are as of `options.asOf` (touches added
 * for later days count in them too).
 */
export function createContactFold(accounts: AccountSource, options: ContactFoldOptions, data?: FoldAccounts) {
  const n = accounts.length;
  const asOf = options.asOf;
  const recentFrom = asOf - RECENT_DAYS + 1;
  const yearFrom = asOf - YEAR_DAYS + 1;
  // Account ids interned once (a Map of a million strings was a third of a contacts read); the last of a repeated id
  // wins. A source that keeps its ids interned (the dataset's store) lends its table: key i is account i.
  const kept = data ? undefined : accounts.idTable?.();
  const ids = kept ?? new KeyTable(n);
  let positions = new Int32Array(kept ? 0 : ids.capacity);
  const owners = new Map<string, number>();
  const base = touchArrays(n);
  // Where the contract ends and whose account it is, side by side: the phase of a touch reads both.
  const endAndOwner = data?.endAndOwner ?? new Int32Array(2 * n);
  /** Key k (in `ids`) is account i. */
  const place = (k: number, i: number): void => {
    if (ids.capacity > positions.length) positions = grown(positions, ids.capacity);
    positions[k] = i;
  };
  if (data) {
    // The accounts of another fold (rangeContactFold): the same keys, owner codes and contract days.
    for (let i = 0, from = 0; i < n; i++) {
      const to = data.idEnds[i] as number;
      place(ids.intern(data.idBytes, from, to), i);
      from = to;
      base[i * LEDGER + START] = data.start[i] as number;
    }
    for (const owner of data.owners) owners.set(owner, owners.size);
  } else {
    for (let i = 0; i < n; i++) {
      const a = accounts.at(i) as ContactAccount;
      if (!kept) place(ids.internText(a.id), i);
      let o = owners.get(a.owner);
      if (o === undefined) {
        o = owners.size;
        owners.set(a.owner, o);
      }
      base[i * LEDGER + START] = a.contractStart ?? NONE;
      endAndOwner[2 * i] = a.contractEnd ?? NONE;
      endAndOwner[2 * i + 1] = o;
    }
  }
  // Ids all distinct (customers.csv's rule): an id's key is its account's position, one lookup less per touch.
  const distinct = ids.size === n;
  // Touches of the last 365 days by (owner, phase, class).
  const phaseCounts = new Float64Array(owners.size * PHASES.length * LINES);
  const boundaries = new Map<Day, Int32Array>();
  const boundsOf = (start: Day): Int32Array => {
    let bounds = boundaries.get(start);
    if (!bounds) {
      bounds = phaseBoundaries(start);
      boundaries.set(start, bounds);
    }
    return bounds;
  };

  /** The account of an id (its position in `accounts`), -1 when unknown. */
  const indexOf = (id: string): number => {
    const k = ids.findText(id);
    return k < 0 || distinct ? k : (positions[k] as number);
  };
  const classify = touchClassifier(options.touchTypes);
  // Touch types interned once per distinct spelling: their class (sales 1, other 0, unknown -1) and normalised key.
  const typeIndices = new Map<string, number>();
  const typeClasses: number[] = [];
  const typeKeys: string[] = [];
  const typeIndex = (type: string): number => {
    let t = typeIndices.get(type);
    if (t === undefined) {
      t = typeClasses.length;
      const cls = classify(type);
      typeClasses.push(cls === undefined ? -1 : cls === 'sales' ? 1 : 0);
      typeKeys.push(normType(type));
      typeIndices.set(ownText(type), t);
    }
    return t;
  };
  const unknownCustomers = new UnknownKeys(new Set()); // handed only the misses of `ids`
  const unknownTypes = new Map<string, { count: number; firstLine: number }>();
  const afterAsOf = { rows: 0, firstLine: null as number | null };
  const noCustomer = { rows: 0, firstLine: null as number | null };
  // Touches of the last 365 days against the file's own dates: an empty look-back is warned about.
  const coverage = new WindowCoverage({ from: yearFrom, to: asOf });
  let read = 0;
  let counted = 0;
  let lastId: string | undefined;
  let lastIndex = -1;
  // Byte touches queued (QUEUED int32 each: key start and end, type, day, line) on `queuedBytes` until `flush`.
  const queue = new Int32Array(BATCH * QUEUED);
  const spans = new Int32Array(2 * BATCH);
  const found = new Int32Array(BATCH);
  let queued = 0;
  let queuedBytes: Uint8Array | null = null;

  /** One touch of account i into `t` (the fold's own arrays, or a fork's). */
  const toucher = (t: TouchArrays) => {
    return (i: number, day: Day, sales: boolean): void => {
      const at = i * LEDGER;
      if (day > (t[at + LAST_ANY] as number)) t[at + LAST_ANY] = day;
      if (sales) {
        if (day > (t[at + LAST_SALES] as number)) t[at + LAST_SALES] = day;
        const s = t[at + START] as number;
        const first = t[at + FIRST_SALES] as number;
        if (s !== NONE && day >= s && (first === NONE || day < first)) t[at + FIRST_SALES] = day;
      }
      if (day >= yearFrom) {
        const year = at + (sales ? SALES_365 : OTHER_365);
        t[year] = (t[year] as number) + 1;
        if (day >= recentFrom) {
          const recent = at + (sales ? SALES_90 : OTHER_90);
          t[recent] = (t[recent] as number) + 1;
        }
      }
    };
  };
  const touch = toucher(base);

  /** A touch of the file in the last 365 days, by the contract phase it fell in. */
  const countPhase = (i: number, day: Day, sales: boolean) => {
    const s = base[i * LEDGER + START] as number;
    const e = endAndOwner[2 * i] as number;
    const p = phaseOf(day, s === NONE ? null : s, e === NONE ? null : e, boundsOf);
    if (p >= 0) {
      const k = ((endAndOwner[2 * i + 1] as number) * PHASES.length + p) * LINES + (sales ? 0 : 1);
      phaseCounts[k] = (phaseCounts[k] as number) + 1;
    }
  };

  /** A touch of a known account (position i) of type t (typeIndex): counted, or ignored for its type or date. */
  const count = (i: number, day: Day, t: number, line: number): void => {
    const cls = typeClasses[t] as number;
    if (cls < 0) {
      const key = typeKeys[t] as string;
      const seen = unknownTypes.get(key);
      if (seen) seen.count++;
      else unknownTypes.set(key, { count: 1, firstLine: line });
      return;
    }
    if (day > asOf) {
      afterAsOf.rows++;
      afterAsOf.firstLine ??= line;
      return;
    }
    counted++;
    const sales = cls === 1;
    touch(i, day, sales);
    if (day >= yearFrom) countPhase(i, day, sales);
    options.onTouch?.(i, day, sales);
  };

  const summaryOf = (i: number, t: TouchArrays = base): TouchSummary => {
    const day = (v: number) => (v === NONE ? null : v);
    const at = i * LEDGER;
    return {
      lastTouch: day(t[at + LAST_ANY] as number),
      lastSalesTouch: day(t[at + LAST_SALES] as number),
      firstSalesSinceStart: day(t[at + FIRST_SALES] as number),
      sales90: t[at + SALES_90] as number,
      other90: t[at + OTHER_90] as number,
      sales365: t[at + SALES_365] as number,
      other365: t[at + OTHER_365] as number,
    };
  };

  const rules: ContactRules = { cadence: options.cadence, postSaleDays: options.postSaleDays };
  const scratch = newJudgement();
  /** The verdict on account i on the as-of day, from the fold's own figures. */
  const judgeAt = (i: number, into: Judgement, account = accounts.at(i) as ContactAccount): Judgement => {
    const day = (v: number) => (v === NONE ? null : v);
    return judge(
      account,
      day(base[i * LEDGER + LAST_ANY] as number),
      day(base[i * LEDGER + FIRST_SALES] as number),
      base[i * LEDGER + SALES_365] as number,
      base[i * LEDGER + OTHER_365] as number,
      asOf,
      rules,
      into,
    );
  };

  const ignored = (): IgnoredTouches => {
    flush();
    return {
      unknownCustomers: unknownCustomers.report(),
      unknownTypes: [...unknownTypes].map(([type, v]) => ({ type, ...v })).sort((a, b) => b.count - a.count || a.firstLine - b.firstLine),
      afterAsOf: { ...afterAsOf },
      noCustomer: { ...noCustomer },
    };
  };

  /**
   * The queued byte touches, in file order, their accounts found together:
   * the ids' slots are read in one loop (KeyTable.findMany) and the found
   * accounts' ledgers in another, so that the cache misses of random order
   * overlap instead of following one another (a third of a shuffled
   * contacts read was spent waiting on them one by one).
   */
  function flush(): void {
    const m = queued;
    if (m === 0) return;
    queued = 0;
    const bytes = queuedBytes as Uint8Array;
    queuedBytes = null;
    for (let k = 0; k < m; k++) {
      spans[2 * k] = queue[k * QUEUED] as number;
      spans[2 * k + 1] = (queue[k * QUEUED + 1] as number) - (queue[k * QUEUED] as number);
    }
    ids.findMany(bytes, spans, m, found);
    let touched = 0;
    for (let k = 0; k < m; k++) {
      const key = found[k] as number;
      if (key < 0) continue;
      const i = distinct ? key : (positions[key] as number);
      found[k] = i;
      touched |= (base[i * LEDGER] as number) | (endAndOwner[2 * i] as number);
    }
    ids.touched |= touched; // kept, so that the loads are not dropped as unused
    for (let k = 0; k < m; k++) {
      const at = k * QUEUED;
      const i = found[k] as number;
      const day = queue[at + 3] as number;
      const line = queue[at + 4] as number;
      if (i < 0) unknownCustomers.check(decoder.decode(bytes.subarray(queue[at] as number, queue[at + 1] as number)), line);
      else count(i, day, queue[at + 2] as number, line);
    }
  }

  return {
    add(row: Pick<ContactRow, 'customer_id' | 'date' | 'type' | 'line'>): void {
      // After the byte touches queued before it: touches are folded in file order.
      flush();
      read++;
      coverage.add(row.date);
      if (row.customer_id === undefined) {
        noCustomer.rows++;
        noCustomer.firstLine ??= row.line;
        return;
      }
      // Contact logs usually come grouped by customer: skip the hash lookup for a repeated id.
      if (row.customer_id !== lastId) {
        lastId = row.customer_id;
        lastIndex = indexOf(row.customer_id);
      }
      if (lastIndex < 0) unknownCustomers.check(row.customer_id, row.line);
      else count(lastIndex, row.date, typeIndex(row.type), row.line);
    },

    /** Index of a touch type (as the schema cleans it) for `addBytes`, once per distinct spelling. */
    typeIndex,

    /**
     * `add` for a touch of the byte reader (io/fast-contacts.ts): the
     * customer id is bytes[keyStart, keyEnd) (as the schema would make it),
     * the type an index of `typeIndex`; no row object per touch.
     */
    addBytes(bytes: Uint8Array, keyStart: number, keyEnd: number, type: number, day: Day, line: number): void {
      read++;
      coverage.add(day);
      if (bytes !== queuedBytes || queued === BATCH) flush();
      queuedBytes = bytes;
      const at = queued++ * QUEUED;
      queue[at] = keyStart;
      queue[at + 1] = keyEnd;
      queue[at + 2] = type;
      queue[at + 3] = day;
      queue[at + 4] = line;
    },

    /**
     * Folds the queued byte touches, in file order (the reader calls it at
     * the end of each batch, before the bytes change; the fold before it
     * reads or adds anything else).
     */
    flush,

    /** A touch without checks (planned calls); false for an unknown id. Not in the phase chart. */
    addTouch(id: string, day: Day, cls: TouchClass): boolean {
      flush();
      const i = indexOf(id);
      if (i < 0) return false;
      touch(i, day, cls === 'sales');
      return true;
    },

    /**
     * A copy of the touches folded so far, to add planned calls to (plan
     * schedule) while this fold stays as contacts.csv has it (plan contact).
     */
    fork(): TouchLedger {
      flush();
      const copy = base.slice();
      const touchCopy = toucher(copy);
      return {
        addTouch(id: string, day: Day, cls: TouchClass): boolean {
          const i = indexOf(id);
          if (i < 0) return false;
          touchCopy(i, day, cls === 'sales');
          return true;
        },
        state(id: string, at: Day = asOf): ContactState | undefined {
          const i = indexOf(id);
          return i < 0 ? undefined : contactState(accounts.at(i) as ContactAccount, summaryOf(i, copy), at, rules);
        },
      };
    },

    touches(id: string): TouchSummary | undefined {
      flush();
      const i = indexOf(id);
      return i < 0 ? undefined : summaryOf(i);
    },

    /** The account's state on day `at` (default: the as-of day). */
    state(id: string, at: Day = asOf): ContactState | undefined {
      flush();
      const i = indexOf(id);
      return i < 0 ? undefined : contactState(accounts.at(i) as ContactAccount, summaryOf(i), at, rules);
    },

    /** Sales touches per account (by position) in the YEAR_DAYS to the as-of day, of those `add` counted (a copy). */
    yearSales: (): Uint32Array => {
      flush();
      return Uint32Array.from({ length: n }, (_, i) => base[i * LEDGER + SALES_365] as number);
    },

    /** The state of the account at position `i` of the fold's accounts, on the as-of day. */
    stateOf: (i: number): ContactState => {
      flush();
      return contactState(accounts.at(i) as ContactAccount, summaryOf(i), asOf, rules);
    },

    /** Whether the account at position `i` is overdue on the as-of day (its state's `overdue` flag, without the state). */
    overdue: (i: number): boolean => {
      flush();
      return judgeAt(i, scratch).overdue;
    },

    /** Every account's state on day `at`, in customers.csv order. */
    *states(at: Day = asOf): Generator<ContactState> {
      flush();
      for (let i = 0; i < n; i++) yield contactState(accounts.at(i) as ContactAccount, summaryOf(i), at, rules);
    },

    /** Rows `add` did not count, by reason (each row under the first reason that applies). */
    ignored,
    /** Touches of the 365 days to --as-of against all touches read (an empty look-back is warned about). */
    coverage,

    /** What this fold reads of its accounts, for a fold of a range on a worker thread (`rangeContactFold`). */
    accountsData(): FoldAccounts {
      const idEnds = new Int32Array(n);
      let idBytes = new Uint8Array(1 << 16);
      let used = 0;
      for (let i = 0; i < n; i++) {
        const id = (accounts.at(i) as ContactAccount).id;
        if (used + id.length * 3 > idBytes.length) idBytes = grown(idBytes, Math.max(idBytes.length * 2, used + id.length * 3));
        used += encoder.encodeInto(id, idBytes.subarray(used)).written;
        idEnds[i] = used;
      }
      const start = Int32Array.from({ length: n }, (_, i) => base[i * LEDGER + START] as number);
      return { idBytes: idBytes.slice(0, used), idEnds, owners: [...owners.keys()], start, endAndOwner: endAndOwner.slice() };
    },

    /** What this fold counted (a worker thread's range), for `merge`, and the buffers to transfer. */
    partial(): { partial: ContactPartial; transfer: ArrayBuffer[] } {
      flush();
      const partial: ContactPartial = {
        touches: base,
        phaseCounts,
        unknownTypes: [...unknownTypes].map(([key, v]) => [key, v.count, v.firstLine]),
        unknownCustomers: unknownCustomers.entries(),
        afterAsOf,
        noCustomer,
        coverage: [coverage.rows, coverage.inWindow, coverage.first, coverage.last],
        read,
        counted,
      };
      return { partial, transfer: [base.buffer as ArrayBuffer, phaseCounts.buffer as ArrayBuffer] };
    },

    /**
     * Adds what a fold of the same accounts counted over the touches after
     * this fold's (a range of the same file, lines offset by `lineBase`), as
     * if this fold had read them: counts added, last days the later, first
     * sales days the earlier, first lines kept.
     */
    merge(p: ContactPartial, lineBase: number): void {
      flush();
      const t = p.touches;
      for (let at = 0; at < t.length; at += LEDGER) {
        for (const f of [LAST_ANY, LAST_SALES]) if ((t[at + f] as number) > (base[at + f] as number)) base[at + f] = t[at + f] as number;
        const first = t[at + FIRST_SALES] as number;
        if (first !== NONE && (base[at + FIRST_SALES] === NONE || first < (base[at + FIRST_SALES] as number)))
          base[at + FIRST_SALES] = first;
        for (const f of [SALES_90, OTHER_90, SALES_365, OTHER_365]) base[at + f] = (base[at + f] as number) + (t[at + f] as number);
      }
      for (let k = 0; k < phaseCounts.length; k++) phaseCounts[k] = (phaseCounts[k] as number) + (p.phaseCounts[k] as number);
      for (const [key, count, firstLine] of p.unknownTypes) {
        const seen = unknownTypes.get(key);
        if (seen) seen.count += count;
        else unknownTypes.set(key, { count, firstLine: firstLine + lineBase });
      }
      unknownCustomers.merge(p.unknownCustomers, lineBase);
      for (const [mine, theirs] of [
        [afterAsOf, p.afterAsOf],
        [noCustomer, p.noCustomer],
      ] as const) {
        mine.rows += theirs.rows;
        if (theirs.firstLine !== null) mine.firstLine ??= theirs.firstLine + lineBase;
      }
      const [rows, inWindow, first, last] = p.coverage as [number, number, number, number];
      coverage.rows += rows;
      coverage.inWindow += inWindow;
      coverage.first = Math.min(coverage.first, first);
      coverage.last = Math.max(coverage.last, last);
      read += p.read;
      counted += p.counted;
    },

    finish(filter: ContactFilter = {}): ContactAnalysis {
      flush();
      const rep = filter.rep;
      const wanted = filter.flags ?? [];
      const wantedBits = wanted.reduce((bits, f) => bits | FLAG_BIT[f], 0);
      const totals = emptyGroup('all');
      const tiers = new Map<string, GroupSummary>();
      const reps = new Map<string, GroupSummary>();
      // The list is ranked on two numbers per account in typed arrays; states are built again only when read.
      let size = 0;
      let listed = new Int32Array(1024);
      let major = new Float64Array(1024);
      let minor = new Int32Array(1024);
      let passed = 0;
      const limit = filter.limit ?? Number.POSITIVE_INFINITY;
      // With --top N only the N most urgent are kept: the candidates are ranked and cut whenever they reach 2N.
      const cap = Math.max(2 * limit, 4096);
      const list = (i: number, state: Judgement, tier: Tier | null) => {
        if (size === listed.length) {
          const room = Math.max(1024, size * 2);
          listed = grown(listed, room);
          major = grown(major, room);
          minor = grown(minor, room);
        }
        listed[size] = i;
        major[size] = riskMajor(state);
        minor[size] = riskMinor(state, tier);
        size++;
      };
      const id = (k: number) => (accounts.at(listed[k] as number) as ContactAccount).id;
      const rank = (): Uint32Array => {
        const order = new Uint32Array(size);
        for (let k = 0; k < size; k++) order[k] = k;
        order.sort(
          (x, y) => (major[x] as number) - (major[y] as number) || (minor[x] as number) - (minor[y] as number) || compareIds(id(x), id(y)),
        );
        return order.subarray(0, Math.min(size, limit));
      };
      // Once `limit` candidates are kept, the last of them bounds the list: an account ranked after it can never enter.
      let bound = -1;
      const cut = () => {
        const kept = rank();
        listed = Int32Array.from(kept, (k) => listed[k] as number);
        major = Float64Array.from(kept, (k) => major[k] as number);
        minor = Int32Array.from(kept, (k) => minor[k] as number);
        size = kept.length;
        bound = size === limit ? size - 1 : -1;
      };
      /** Whether a candidate (its id, verdict and tier) ranks after the bound. */
      const beyondBound = (candidate: string, j: Judgement, tier: Tier | null): boolean => {
        if (bound < 0) return false;
        const byKey = riskMajor(j) - (major[bound] as number) || riskMinor(j, tier) - (minor[bound] as number);
        return (byKey || compareIds(candidate, id(bound))) > 0;
      };
      let s365 = 0;
      let o365 = 0;
      const exposure = new Float64Array(PHASES.length);
      const exposed = new Float64Array(PHASES.length);
      const memo = new Map<number, Map<number, Float64Array>>();
      for (let i = 0; i < n; i++) {
        const account = accounts.at(i) as ContactAccount;
        if (rep !== undefined && account.owner !== rep) continue;
        const state = judgeAt(i, scratch, account);
        s365 += base[i * LEDGER + SALES_365] as number;
        o365 += base[i * LEDGER + OTHER_365] as number;
        const tierKey = account.tier ?? '(none)';
        const repKey = account.owner === '' ? '(none)' : account.owner;
        tally(groupOf(tiers, tierKey), state);
        tally(groupOf(reps, repKey), state);
        tally(totals, state);
        if (filter.list && (wanted.length === 0 || (state.flags & wantedBits) !== 0)) {
          passed++;
          if (!beyondBound(account.id, state, account.tier)) {
            list(i, state, account.tier);
            if (size >= cap) cut();
          }
        }
        if (account.contractStart !== null || account.contractEnd !== null) {
          const s = base[i * LEDGER + START] as number;
          const e = endAndOwner[2 * i] as number;
          let byEnd = memo.get(s);
          if (!byEnd) {
            byEnd = new Map();
            memo.set(s, byEnd);
          }
          let days = byEnd.get(e);
          if (!days) {
            days = phaseDays(account.contractStart, account.contractEnd, yearFrom, asOf);
            byEnd.set(e, days);
          }
          for (let p = 0; p < PHASES.length; p++) {
            const d = days[p] as number;
            if (d > 0) {
              exposure[p] = (exposure[p] as number) + d;
              exposed[p] = (exposed[p] as number) + 1;
            }
          }
        }
      }
      const phaseTouches = new Float64Array(PHASES.length * LINES);
      for (const [owner, o] of owners) {
        if (rep !== undefined && owner !== rep) continue;
        for (let k = 0; k < PHASES.length * LINES; k++)
          phaseTouches[k] = (phaseTouches[k] as number) + (phaseCounts[o * PHASES.length * LINES + k] as number);
      }
      const ranked = new ContactList(
        Uint32Array.from(rank(), (k) => listed[k] as number),
        (i) => contactState(accounts.at(i) as ContactAccount, summaryOf(i), asOf, rules),
        accounts,
      );
      const touchTypes: Record<string, TouchClass> = {};
      for (const [type, cls] of Object.entries({ ...DEFAULT_TOUCH_TYPES, ...options.touchTypes })) touchTypes[normType(type)] = cls;
      return {
        asOf,
        rules: {
          ...rules,
          renewalDays: RENEWAL_DAYS,
          recentDays: RECENT_DAYS,
          yearDays: YEAR_DAYS,
          tierSource: tierSource(accounts),
          touchTypes,
        },
        filter: { rep: rep ?? null, flags: [...wanted] },
        revenueSource: options.revenueSource ?? null,
        totals: { ...finishGroup(totals), touchesRead: read, touchesCounted: counted, sales365: s365, other365: o365 },
        ignored: ignored(),
        byTier: [...tiers.values()].map(finishGroup).sort((a, b) => groupOrder(a.key, b.key)),
        byRep: [...reps.values()].map(finishGroup).sort((a, b) => groupOrder(a.key, b.key)),
        phases: phaseSummaries(phaseTouches, exposure, exposed),
        accounts: ranked,
        listed: passed,
      };
    },
  };
}

export type ContactFold = ReturnType<typeof createContactFold>;

function tierSource(accounts: AccountSource): 'segment' | 'status' {
  for (let i = 0; i < accounts.length; i++) if (accounts.at(i)?.tierSource === 'segment') return 'segment';
  return 'status';
}

/**
 * Listed accounts in risk order: their positions, each state built from the
 * fold's slots when read (a million listed accounts are not a million state
 * objects). The fold's touches are final once `finish` ran.
 */
export class ContactList extends Sequence<ContactState> {
  readonly length: number;
  constructor(
    private readonly positions: Uint32Array,
    private readonly stateOf: (position: number) => ContactState,
    private readonly accounts?: AccountSource,
  ) {
    super();
    this.length = positions.length;
  }

  at(k: number): ContactState {
    return this.stateOf(this.positions[k] as number);
  }

  /** A text of each listed account as its UTF-8 bytes, when the accounts keep it so (renderers that copy bytes). */
  spans(text: AccountText): ((k: number, into: ByteSpan) => void) | undefined {
    const read = this.accounts?.spans?.(text);
    return read && ((k, into) => read(this.positions[k] as number, into));
  }
}

/** What plan schedule reads from and writes to the touches: states, and planned calls as touches. */
export interface TouchLedger {
  state(id: string, at?: Day): ContactState | undefined;
  addTouch(id: string, day: Day, cls: TouchClass): boolean;
}

/**
 * Per-account touch figures, LEDGER int32 per account side by side (a touch
 * of a random account reads and writes one 32-byte record, not one cache
 * line in each of eight arrays), with the contract start the touch checks.
 */
type TouchArrays = Int32Array;
const LAST_ANY = 0;
const LAST_SALES = 1;
const FIRST_SALES = 2;
const SALES_90 = 3;
const OTHER_90 = 4;
const SALES_365 = 5;
const OTHER_365 = 6;
const START = 7;
const LEDGER = 8;

function touchArrays(n: number): TouchArrays {
  const t = new Int32Array(n * LEDGER);
  for (let at = 0; at < t.length; at += LEDGER) {
    t[at + LAST_ANY] = NONE;
    t[at + LAST_SALES] = NONE;
    t[at + FIRST_SALES] = NONE;
  }
  return t;
}

function emptyGroup(key: string): GroupSummary {
  return {
    key,
    accounts: 0,
    judged: 0,
    withinCadence: 0,
    withinShare: null,
    neverTouched: 0,
    renewalsDue: 0,
    postSaleDue: 0,
    flags: { 'renewal-risk': 0, 'post-sale-silence': 0, overdue: 0, 'service-only': 0 },
  };
}

/** The group of `key`, created on first use. */
function groupOf(groups: Map<string, GroupSummary>, key: string): GroupSummary {
  let g = groups.get(key);
  if (!g) {
    g = emptyGroup(key);
    groups.set(key, g);
  }
  return g;
}

function tally(g: GroupSummary, j: Judgement): void {
  g.accounts++;
  if (j.cadence !== null) {
    g.judged++;
    if (!j.overdue) g.withinCadence++;
  }
  if (j.neverTouched) g.neverTouched++;
  if (j.renewalDue) g.renewalsDue++;
  if (j.postSale === 'due') g.postSaleDue++;
  if (j.flags !== 0) for (let f = 0; f < FLAGS.length; f++) if ((j.flags & (1 << f)) !== 0) g.flags[FLAGS[f] as Flag]++;
}

function finishGroup(g: GroupSummary): GroupSummary {
  return { ...g, withinShare: g.judged > 0 ? round6(g.withinCadence / g.judged) : null };
}

/** Tiers A, B, C and rep ids in text order; '(none)' last. */
function groupOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '(none)') return 1;
  if (b === '(none)') return -1;
  return a < b ? -1 : 1;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const PER_DAYS = 30;

function phaseSummaries(touches: Float64Array, exposure: Float64Array, exposed: Float64Array): PhaseSummary[] {
  const rows = PHASES.map((phase, p) => {
    const sales = touches[p * LINES] as number;
    const other = touches[p * LINES + 1] as number;
    const days = exposure[p] as number;
    return {
      phase,
      accounts: exposed[p] as number,
      accountDays: days,
      sales,
      other,
      salesRate: days > 0 ? (sales / days) * PER_DAYS : null,
      touchRate: days > 0 ? ((sales + other) / days) * PER_DAYS : null,
    };
  }).filter((r) => r.accountDays > 0 || r.sales + r.other > 0);
  const peak = Math.max(0, ...rows.map((r) => r.touchRate ?? 0));
  return rows.map((r) => ({
    ...r,
    salesRate: r.salesRate === null ? null : round6(r.salesRate),
    touchRate: r.touchRate === null ? null : round6(r.touchRate),
    touchShareOfPeak: peak > 0 ? round6((r.touchRate ?? 0) / peak) : 0,
    salesShareOfPeak: peak > 0 ? round6((r.salesRate ?? 0) / peak) : 0,
  }));
}
