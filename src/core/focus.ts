/**
 * Are reps chasing the easy orders? (DOMAIN.md idea 1: sales teams take
 * orders from existing customers and the easiest prospects and neglect the
 * accounts that carry the long-term business.) Per rep (account owner) and
 * for the team, over a period against the same period 12 months earlier:
 *
 * - effort against potential: sales touches by tier and by headroom decile
 *   beside each group's share of the rep's headroom, and the alignment index;
 * - where revenue came from: the bridge previous + won + growth - decline -
 *   lost = current, exact to the cent, and the share of revenue from "easy"
 *   accounts against the A tier;
 * - the flag `chasing-easy-orders`, with the overdue A-tier accounts named.
 *
 * Tiers, headroom and share of wallet come from the segment analysis
 * (`Placement`); touch classes, cadences and "overdue" from the contact fold,
 * which this fold drives. Orders and touches are folded into a few typed-array
 * slots per account: memory grows with accounts, never with rows. The rules
 * are written out in docs/focus.md.
 */
import { PlanError } from '../errors.js';
import { addMonths, type Day, formatDay } from '../schema/calendar.js';
import { centsOfUnits, ExactSum } from '../schema/money.js';
import {
  type AccountSource,
  type ContactAccount,
  type ContactFold,
  type ContactRules,
  type ContactState,
  compareRisk,
  type IgnoredTouches,
} from './contact.js';
import type { PeriodRevenue } from './revenue.js';
import type { Placement, Tier } from './segment.js';

// ---------------------------------------------------------------- rules

/** Share of wallet from which an account counts as "easy" (`--easy-share`, default 80%). */
export const DEFAULT_EASY_SHARE = 0.8;
/** "Mostly": more than this share of a rep's sales touches (the flag). */
export const MOSTLY = 0.5;
/** The top-headroom accounts of the alignment index: the rep's accounts in A-tier segments. */
export const TOP_TIER: Tier = 'A';
export const TIERS: readonly Tier[] = ['A', 'B', 'C'];
export const DECILES = 10;
export const FOCUS_FLAGS = ['chasing-easy-orders'] as const;
export type FocusFlag = (typeof FOCUS_FLAGS)[number];

/** A span of days, both ends included. */
export interface Period {
  from: Day;
  to: Day;
}

export interface FocusPeriods {
  current: Period;
  /** The current period moved back 12 calendar months. */
  previous: Period;
}

/**
 * The period (default: the 12 months to as-of, as-of included, the window of
 * revenue_12m) and the one 12 months before it. A period of at most 12 months
 * ending on or before as-of; `--from` alone runs to as-of, `--to` alone goes
 * back 12 months.
 */
export function focusPeriods(asOf: Day, from?: Day, to?: Day): FocusPeriods {
  const end = to ?? asOf;
  const start = from ?? addMonths(end, -12) + 1;
  if (end > asOf) throw new PlanError('usage', `--to ${formatDay(end)} is after --as-of ${formatDay(asOf)}: a period must have happened`);
  if (start > end) throw new PlanError('usage', `--from ${formatDay(start)} is after --to ${formatDay(end)}`);
  // Shifting the day before `from` keeps periods back to back: the 12 months to 2026-02-28 start on 2025-03-01,
  // the 12 months before them on 2024-02-29.
  const previous = { from: addMonths(start - 1, -12) + 1, to: addMonths(end, -12) };
  if (previous.to >= start) {
    throw new PlanError(
      'usage',
      `--from ${formatDay(start)} --to ${formatDay(end)} spans more than 12 months: it would overlap the 12 months before it`,
    );
  }
  return { current: { from: start, to: end }, previous };
}

// ---------------------------------------------------------------- input

/**
 * The accounts as the focus fold needs them: `accounts` (owner, status,
 * segment tier) in customers.csv order, and by the same position the headroom
 * in integer cents and the share of wallet (NaN without potential).
 */
export interface FocusInput {
  accounts: AccountSource;
  headroom: Float64Array;
  shareOfWallet: Float64Array;
}

/** Headroom and share of wallet from the segment analysis, by position (the accounts carry its tiers). */
export function focusInput(accounts: AccountSource, placement: Placement): FocusInput {
  const n = accounts.length;
  if (placement.count !== n) throw new Error(`focusInput: ${n} accounts, ${placement.count} placed`);
  const headroom = new Float64Array(n);
  const shareOfWallet = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    headroom[i] = Math.round(placement.headroom(i) * 100);
    shareOfWallet[i] = placement.shareOfWallet(i) ?? Number.NaN;
  }
  return { accounts, headroom, shareOfWallet };
}

export interface FocusOptions extends ContactRules {
  asOf: Day;
  periods: FocusPeriods;
  /** Share of wallet from which an account is easy (0..1). */
  easyShare: number;
  /** Name the overdue A-tier accounts of flagged reps (`--accounts`). */
  list: boolean;
  /** Only this rep in the per-rep figures and the listing (`--rep`). */
  rep?: string;
  /** At most this many reps, and accounts listed (`--top`). */
  top?: number;
}

// ---------------------------------------------------------------- results

/** Money in integer cents (exact; rounded once, when printed). */
export type Cents = number;

export interface EffortRow {
  accounts: number;
  /** Sales touches in the period. */
  touches: number;
  /** touches / the group's sales touches; null without touches. */
  touchShare: number | null;
  headroom: Cents;
  /** headroom / the group's headroom; null without headroom. */
  headroomShare: number | null;
}

export interface Effort {
  salesTouches: number;
  headroom: Cents;
  byTier: (EffortRow & { tier: Tier })[];
  /** Decile 1 = the tenth of the accounts with the most headroom. */
  byDecile: (EffortRow & { decile: number })[];
  /** Touch share of the A tier / its headroom share; null when either is undefined or the headroom share is 0. */
  alignment: number | null;
  /** Accounts whose share of wallet is at least `easyShare`, and the sales touches they got. */
  easy: { accounts: number; touches: number; touchShare: number | null };
}

export interface RevenueGroup {
  accounts: number;
  /** Revenue of the current period. */
  revenue: Cents;
  /** revenue / the group's current revenue; null unless that is above 0. */
  share: number | null;
  /** Their current minus their previous revenue. */
  incremental: Cents;
}

export interface RevenueBridge {
  previous: Cents;
  current: Cents;
  /** current - previous = won + growth - decline - lost. */
  incremental: Cents;
  /** Accounts with net revenue above 0 in both periods: their revenue in each. */
  retained: { accounts: number; previous: Cents; current: Cents };
  growth: { accounts: number; amount: Cents };
  decline: { accounts: number; amount: Cents };
  /** Net revenue above 0 now, none before: what they added. */
  won: { accounts: number; amount: Cents };
  /** Net revenue above 0 before, none now: what went. */
  lost: { accounts: number; amount: Cents };
  easy: RevenueGroup;
  /** The A tier (the top-headroom accounts of the alignment index). */
  top: RevenueGroup;
}

export interface FocusGroup {
  /** Rep id (account owner), '(none)' for accounts without owner, 'all' for the team. */
  rep: string;
  accounts: number;
  effort: Effort;
  revenue: RevenueBridge;
  /** A-tier accounts of the group overdue for contact on the as-of day (contact rules). */
  overdueTop: number;
  flags: FocusFlag[];
}

export interface FocusAccountLine {
  owner: string;
  id: string;
  name: string;
  status: ContactAccount['status'];
  tier: Tier | null;
  headroom: Cents;
  shareOfWallet: number | null;
  /** Sales touches in the period. */
  touches: number;
  lastTouch: Day | null;
  cadence: number | null;
  daysSinceTouch: number | null;
  daysOverdue: number | null;
  neverTouched: boolean;
}

export interface FocusAnalysis {
  asOf: Day;
  period: Period;
  previous: Period;
  rules: ContactRules & { easyShare: number; mostly: number; topTier: Tier };
  team: FocusGroup;
  /** `--rep` and `--top` as applied (the team is always every account). */
  filter: { rep: string | null; top: number | null };
  /** Flagged first, then lowest alignment (none last), then most touches on easy accounts, then id; '(none)' last. */
  reps: FocusGroup[];
  /** Reps flagged (of those shown before --top). */
  flagged: number;
  /** The overdue A-tier accounts of flagged reps, by rep order then contact risk; empty unless `list`; at most --top. */
  accounts: FocusAccountLine[];
  /** How many such accounts there are (before --top). */
  named: number;
  ignored: {
    orders: PeriodRevenue['ignored'];
    touches: IgnoredTouches;
  };
}

// ---------------------------------------------------------------- the fold

const NO_OWNER = '(none)';
const TEAM = 'all';

/** What the analysis reads, by account position: revenue per period, sales touches, the contact fold. */
export interface FocusData {
  input: FocusInput;
  /** Net revenue per account over [current, previous] (money units), from the one pass over orders.csv. */
  revenue: PeriodRevenue;
  /** Sales touches per account dated in the current period (the contact fold's count, ds.salesTouches()). */
  salesTouches: Uint32Array;
  /** The run's contact fold over the same accounts: contact state on the as-of day by position, and the touches it ignored. */
  contacts: Pick<ContactFold, 'stateOf' | 'overdue' | 'ignored'>;
}

/**
 * Groups the accounts by owner: effort, the revenue bridge, the flag, and
 * (with `list`) the overdue A-tier accounts of flagged reps. Each account's
 * period revenue is rounded to the cent once; every sum after that is exact.
 */
export function analyseFocus(data: FocusData, options: FocusOptions): FocusAnalysis {
  const { input, contacts, salesTouches } = data;
  const { accounts } = input;
  const n = accounts.length;
  const { current, previous } = options.periods;
  const slots = {
    currentCents: toCents(data.revenue.byPeriod[0] as Float64Array),
    previousCents: toCents(data.revenue.byPeriod[1] as Float64Array),
    salesTouches,
  };
  const stateOf = (i: number) => contacts.stateOf(i);
  const owners = new Map<string, number>();
  const groupOf = new Int32Array(n);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = accounts.at(i) as ContactAccount;
    ids.push(a.id);
    const key = a.owner === '' ? NO_OWNER : a.owner;
    let g = owners.get(key);
    if (g === undefined) {
      g = owners.size;
      owners.set(key, g);
    }
    groupOf[i] = g;
  }
  const repAccs = [...owners.keys()].map((rep) => new GroupAcc(rep));
  const team = new GroupAcc(TEAM);
  const easy = (i: number) => (input.shareOfWallet[i] as number) >= options.easyShare;
  const overdue = (i: number) => contacts.overdue(i);

  for (let i = 0; i < n; i++) {
    const rep = repAccs[groupOf[i] as number] as GroupAcc;
    const isEasy = easy(i);
    const isOverdueTop = accounts.at(i)?.tier === TOP_TIER && overdue(i);
    rep.add(i, input, slots, isEasy, isOverdueTop);
    team.add(i, input, slots, isEasy, isOverdueTop);
  }

  // Deciles: accounts by headroom, most first, id breaking ties; decile = floor(position x 10 / accounts) + 1.
  // Accounts listed in id order (as exports usually are) break ties by position: the same order, without comparing ids.
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const byHeadroom = (a: number, b: number) => (input.headroom[b] as number) - (input.headroom[a] as number);
  if (inIdOrder(ids)) order.sort((a, b) => byHeadroom(a, b) || a - b);
  else order.sort((a, b) => byHeadroom(a, b) || compareIds(ids[a], ids[b]));
  const seen = new Int32Array(repAccs.length);
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    const g = groupOf[i] as number;
    const rep = repAccs[g] as GroupAcc;
    rep.addDecile(decileOf(seen[g] as number, rep.accounts), i, input, salesTouches);
    seen[g] = (seen[g] as number) + 1;
    team.addDecile(decileOf(k, n), i, input, salesTouches);
  }

  const groups = repAccs.map((acc) => acc.finish());
  for (const g of groups) {
    if (g.rep !== NO_OWNER && g.overdueTop > 0 && g.effort.easy.touchShare !== null && g.effort.easy.touchShare > MOSTLY)
      g.flags.push('chasing-easy-orders');
  }
  groups.sort(compareReps);
  const shown = groups.filter((g) => options.rep === undefined || g.rep === options.rep);

  const listed: FocusAccountLine[] = [];
  let named = 0;
  if (options.list) {
    const flagged = new Set(shown.filter((g) => g.flags.length > 0).map((g) => g.rep));
    const states: { i: number; state: ContactState }[] = [];
    for (let i = 0; i < n; i++) {
      const a = accounts.at(i) as ContactAccount;
      if (a.tier !== TOP_TIER || !flagged.has(a.owner)) continue;
      const state = stateOf(i);
      if (state.flags.includes('overdue')) states.push({ i, state });
    }
    named = states.length;
    const rank = new Map(shown.map((g, k) => [g.rep, k]));
    states.sort(
      (x, y) => (rank.get(x.state.account.owner) as number) - (rank.get(y.state.account.owner) as number) || compareRisk(x.state, y.state),
    );
    for (const { i, state: s } of states.slice(0, options.top ?? states.length)) {
      const sow = input.shareOfWallet[i] as number;
      listed.push({
        owner: s.account.owner,
        id: s.account.id,
        name: s.account.name,
        status: s.account.status,
        tier: s.account.tier,
        headroom: input.headroom[i] as number,
        shareOfWallet: Number.isNaN(sow) ? null : sow,
        touches: salesTouches[i] as number,
        lastTouch: s.lastTouch,
        cadence: s.cadence,
        daysSinceTouch: s.daysSinceTouch,
        daysOverdue: s.daysOverdue,
        neverTouched: s.neverTouched,
      });
    }
  }

  return {
    asOf: options.asOf,
    period: { ...current },
    previous: { ...previous },
    rules: {
      cadence: options.cadence,
      postSaleDays: options.postSaleDays,
      easyShare: options.easyShare,
      mostly: MOSTLY,
      topTier: TOP_TIER,
    },
    filter: { rep: options.rep ?? null, top: options.top ?? null },
    team: team.finish(),
    reps: shown.slice(0, options.top ?? shown.length),
    flagged: shown.filter((g) => g.flags.length > 0).length,
    accounts: listed,
    named,
    ignored: { orders: data.revenue.ignored, touches: contacts.ignored() },
  };
}

/** Each account's period revenue rounded to the cent, once: sums of cents then balance exactly. */
function toCents(units: Float64Array): Float64Array {
  return units.map((u) => centsOfUnits(u));
}

/** Ids strictly ascending (so unique) by position. */
function inIdOrder(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (compareIds(ids[i - 1], ids[i]) >= 0) return false;
  return true;
}

export function decileOf(position: number, count: number): number {
  return Math.floor((position * DECILES) / count) + 1;
}

const compareIds = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);

function compareReps(a: FocusGroup, b: FocusGroup): number {
  if ((a.rep === NO_OWNER) !== (b.rep === NO_OWNER)) return a.rep === NO_OWNER ? 1 : -1;
  const flagged = b.flags.length - a.flags.length;
  if (flagged !== 0) return flagged;
  const x = a.effort.alignment;
  const y = b.effort.alignment;
  if (x !== y) {
    if (x === null) return 1;
    if (y === null) return -1;
    return x - y;
  }
  return (b.effort.easy.touchShare ?? -1) - (a.effort.easy.touchShare ?? -1) || compareIds(a.rep, b.rep);
}

// ---------------------------------------------------------------- one group

/** `sum += plus - minus`, exactly (each a safe integer of cents; their difference may not be). */
function addChange(sum: ExactSum, plus: number, minus: number): void {
  sum.add(plus);
  sum.add(-minus);
}

function addRevenue(group: RevenueTally, cur: number, prev: number): void {
  group.current.add(cur);
  group.previous.add(prev);
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const ratio = (part: number, whole: number): number | null => (whole > 0 ? round6(part / whole) : null);

/** A BigInt total as a number of cents; beyond 2^53 it could not be exact, so it is refused, never rounded. */
function exact(cents: bigint, what: string): Cents {
  const value = Number(cents);
  if (!Number.isSafeInteger(value)) throw new PlanError('data', `${what}: ${cents} cents is beyond exact arithmetic (2^53)`);
  return value;
}

interface Slots {
  currentCents: Float64Array;
  previousCents: Float64Array;
  salesTouches: Uint32Array;
}

class Tally {
  accounts = 0;
  touches = 0;
  readonly headroom = new ExactSum();
  row(groupTouches: number, groupHeadroom: bigint): EffortRow {
    const headroom = exact(this.headroom.value(), 'headroom');
    const whole = exact(groupHeadroom, 'headroom');
    return {
      accounts: this.accounts,
      touches: this.touches,
      touchShare: ratio(this.touches, groupTouches),
      headroom,
      headroomShare: ratio(headroom, whole),
    };
  }
}

class Money {
  accounts = 0;
  readonly amount = new ExactSum();
}

class RevenueTally {
  accounts = 0;
  readonly current = new ExactSum();
  readonly previous = new ExactSum();
}

/** One rep's (or the team's) running figures. */
class GroupAcc {
  accounts = 0;
  touches = 0;
  readonly headroom = new ExactSum();
  readonly tiers = TIERS.map(() => new Tally());
  readonly deciles = Array.from({ length: DECILES }, () => new Tally());
  readonly easyEffort = new Tally();
  readonly current = new ExactSum();
  readonly previous = new ExactSum();
  readonly retained = new RevenueTally();
  readonly growth = new Money();
  readonly decline = new Money();
  readonly won = new Money();
  readonly lost = new Money();
  readonly easyRevenue = new RevenueTally();
  readonly topRevenue = new RevenueTally();
  overdueTop = 0;

  constructor(readonly rep: string) {}

  add(i: number, input: FocusInput, slots: Slots, easy: boolean, overdueTop: boolean): void {
    const touches = slots.salesTouches[i] as number;
    const headroom = input.headroom[i] as number;
    this.accounts++;
    this.touches += touches;
    this.headroom.add(headroom);
    const tier = input.accounts.at(i)?.tier;
    const t = tier ? TIERS.indexOf(tier) : -1;
    if (t >= 0) {
      const tally = this.tiers[t] as Tally;
      tally.accounts++;
      tally.touches += touches;
      tally.headroom.add(headroom);
    }
    if (easy) {
      this.easyEffort.accounts++;
      this.easyEffort.touches += touches;
    }
    if (overdueTop) this.overdueTop++;

    const cur = slots.currentCents[i] as number;
    const prev = slots.previousCents[i] as number;
    if (!Number.isSafeInteger(cur) || !Number.isSafeInteger(prev)) {
      throw new PlanError('data', `revenue of ${input.accounts.at(i)?.id}: beyond exact arithmetic (2^53 cents)`);
    }
    if (cur === 0 && prev === 0) return;
    this.current.add(cur);
    this.previous.add(prev);
    // Each account's change (cur - prev) goes to exactly one term, so the bridge balances by construction.
    if (prev > 0 && cur > 0) {
      this.retained.accounts++;
      this.retained.current.add(cur);
      this.retained.previous.add(prev);
      this.move(cur, prev);
    } else if (cur > 0) {
      this.won.accounts++;
      addChange(this.won.amount, cur, prev);
    } else if (prev > 0) {
      this.lost.accounts++;
      addChange(this.lost.amount, prev, cur);
    } else {
      // Credits only (net 0 or below in both periods): the change is growth or decline of an existing account.
      this.move(cur, prev);
    }
    if (easy) addRevenue(this.easyRevenue, cur, prev);
    if (tier === TOP_TIER) addRevenue(this.topRevenue, cur, prev);
  }

  private move(cur: number, prev: number): void {
    if (cur > prev) {
      this.growth.accounts++;
      addChange(this.growth.amount, cur, prev);
    } else if (cur < prev) {
      this.decline.accounts++;
      addChange(this.decline.amount, prev, cur);
    }
  }

  addDecile(decile: number, i: number, input: FocusInput, salesTouches: Uint32Array): void {
    const tally = this.deciles[decile - 1] as Tally;
    tally.accounts++;
    tally.touches += salesTouches[i] as number;
    tally.headroom.add(input.headroom[i] as number);
  }

  finish(): FocusGroup {
    const what = this.rep === TEAM ? 'team' : `rep ${this.rep}`;
    const touches = this.touches;
    const groupHeadroom = this.headroom.value();
    const headroom = exact(groupHeadroom, `headroom of ${what}`);
    const byTier = TIERS.map((tier, t) => ({ tier, ...(this.tiers[t] as Tally).row(touches, groupHeadroom) }));
    const byDecile = this.deciles.map((d, k) => ({ decile: k + 1, ...d.row(touches, groupHeadroom) }));
    const top = byTier[TIERS.indexOf(TOP_TIER)] as EffortRow;
    const allCurrent = this.current.value();
    const allPrevious = this.previous.value();
    const current = exact(allCurrent, `revenue of ${what}`);
    const group = (g: RevenueTally, accounts: number): RevenueGroup => {
      const revenue = exact(g.current.value(), `revenue of ${what}`);
      return {
        accounts,
        revenue,
        share: ratio(revenue, current),
        incremental: exact(g.current.value() - g.previous.value(), `revenue of ${what}`),
      };
    };
    const money = (m: Money) => ({ accounts: m.accounts, amount: exact(m.amount.value(), `revenue of ${what}`) });
    return {
      rep: this.rep,
      accounts: this.accounts,
      effort: {
        salesTouches: touches,
        headroom,
        byTier,
        byDecile,
        alignment:
          top.touchShare === null || top.headroomShare === null || top.headroomShare === 0
            ? null
            : round6((top.touches * headroom) / (touches * top.headroom)),
        easy: { accounts: this.easyEffort.accounts, touches: this.easyEffort.touches, touchShare: ratio(this.easyEffort.touches, touches) },
      },
      revenue: {
        previous: exact(allPrevious, `revenue of ${what}`),
        current,
        incremental: exact(allCurrent - allPrevious, `revenue of ${what}`),
        retained: {
          accounts: this.retained.accounts,
          previous: exact(this.retained.previous.value(), `revenue of ${what}`),
          current: exact(this.retained.current.value(), `revenue of ${what}`),
        },
        growth: money(this.growth),
        decline: money(this.decline),
        won: money(this.won),
        lost: money(this.lost),
        easy: group(this.easyRevenue, this.easyEffort.accounts),
        top: group(this.topRevenue, top.accounts),
      },
      overdueTop: this.overdueTop,
      flags: [],
    };
  }
}
