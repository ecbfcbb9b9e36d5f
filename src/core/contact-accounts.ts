/**
 * The accounts of customers.csv as the dataset keeps them for plan contact,
 * schedule and focus: columns instead of an object per account (names and
 * passed-through columns as UTF-8 bytes, owners as codes, status, tier and
 * contract days as integers). `at(i)` hands out a light view of account i
 * whose fields are read from the columns when asked for.
 */
import type { Day } from '../schema/calendar.js';
import { ownText } from '../schema/cells.js';
import { ExtraColumns, IntColumn, TextCodes, TextColumn } from '../schema/columns.js';
import { KeyTable } from '../schema/keys.js';
import { type AccountSource, type ContactAccount, type ContactCustomer, STATUS_TIER, type Status } from './contact.js';
import { statusOf, type Tier } from './segment.js';

const STATUSES: readonly Status[] = ['customer', 'prospect', 'lost'];
const TIERS: readonly (Tier | null)[] = ['A', 'B', 'C', null];
/** Added to a tier code when the tier comes from the segment analysis. */
const FROM_SEGMENT = 4;
const NO_DAY = -2147483648;

export class ContactAccountStore implements AccountSource {
  /**
   * Ids interned as UTF-8 bytes, key i being account i: the contact fold looks
   * touches up in this table (no second table, no million strings). A repeated
   * id (not from customers.csv, whose reader rejects them) turns it off: the
   * ids are then kept as texts and the fold interns its own.
   */
  private readonly keyTable = new KeyTable();
  private repeated: string[] | undefined;
  private count = 0;
  private readonly names = new TextColumn();
  /** Owners (rep ids as written, '' when empty): a few codes for a million accounts. */
  readonly owners = new TextCodes();
  private readonly status = new IntColumn();
  private readonly tier = new IntColumn();
  private readonly start = new IntColumn();
  private readonly end = new IntColumn();
  private readonly extra = new ExtraColumns();

  get length(): number {
    return this.count;
  }

  idTable(): KeyTable | undefined {
    return this.repeated ? undefined : this.keyTable;
  }

  /** One account, its tier by status (customer B, prospect C, lost none) until `setSegmentTier`. */
  add(row: ContactCustomer): void {
    const status = statusOf(row);
    this.extra.add(this.count, row.extra);
    this.addId(row.id);
    this.names.push(row.name ?? '');
    this.owners.push(row.owner ?? '');
    this.status.push(STATUSES.indexOf(status));
    this.tier.push(TIERS.indexOf(STATUS_TIER[status]));
    this.start.push(row.contract_start ?? NO_DAY);
    this.end.push(row.contract_end ?? NO_DAY);
  }

  /** The tier of the account's segment (plan segment); null keeps the status tier. */
  setSegmentTier(i: number, tier: Tier | null): void {
    if (tier !== null) this.tier.set(i, TIERS.indexOf(tier) + FROM_SEGMENT);
  }

  at(i: number): ContactAccount | undefined {
    return i >= 0 && i < this.count ? new StoredAccount(this, i) : undefined;
  }

  id(i: number): string {
    return this.repeated ? (this.repeated[i] as string) : this.keyTable.key(i);
  }

  private addId(id: string): void {
    if (this.repeated) this.repeated.push(ownText(id));
    else if (this.keyTable.internText(id) !== this.count) {
      this.repeated = Array.from({ length: this.count }, (_, i) => this.keyTable.key(i));
      this.repeated.push(ownText(id));
    }
    this.count++;
  }
  name(i: number): string {
    return this.names.get(i);
  }
  owner(i: number): string {
    return this.owners.get(i);
  }
  statusOf(i: number): Status {
    return STATUSES[this.status.get(i)] as Status;
  }
  tierOf(i: number): Tier | null {
    return TIERS[this.tier.get(i) % FROM_SEGMENT] as Tier | null;
  }
  tierSource(i: number): 'segment' | 'status' {
    return this.tier.get(i) >= FROM_SEGMENT ? 'segment' : 'status';
  }
  contractStart(i: number): Day | null {
    const d = this.start.get(i);
    return d === NO_DAY ? null : d;
  }
  contractEnd(i: number): Day | null {
    const d = this.end.get(i);
    return d === NO_DAY ? null : d;
  }
  extraOf(i: number): Record<string, string> {
    return this.extra.object(i);
  }
}

/** Account i of a store, its fields read when asked for (the store's tier changes show). */
class StoredAccount implements ContactAccount {
  constructor(
    private readonly store: ContactAccountStore,
    private readonly i: number,
  ) {}
  get id() {
    return this.store.id(this.i);
  }
  get name() {
    return this.store.name(this.i);
  }
  get owner() {
    return this.store.owner(this.i);
  }
  get status() {
    return this.store.statusOf(this.i);
  }
  get tier() {
    return this.store.tierOf(this.i);
  }
  get tierSource() {
    return this.store.tierSource(this.i);
  }
  get contractStart() {
    return this.store.contractStart(this.i);
  }
  get contractEnd() {
    return this.store.contractEnd(this.i);
  }
  get extra() {
    return this.store.extraOf(this.i);
  }
}
