import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContactAccount, type ContactCustomer, contactAccount, createContactFold, setSegmentTier } from '../../src/core/contact.js';
import { ContactAccountStore } from '../../src/core/contact-accounts.js';
import { byteSpan } from '../../src/schema/columns.js';
import { defaultConfig } from '../../src/schema/config.js';

const day = fc.option(fc.integer({ min: -30_000, max: 60_000 }), { nil: undefined });
const row = fc.record({
  id: fc.string({ minLength: 1, maxLength: 10 }),
  name: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
  status: fc.option(fc.constantFrom('customer', 'prospect', 'lost'), { nil: undefined }),
  owner: fc.option(fc.constantFrom('R1', 'R2', 'Ré'), { nil: undefined }),
  contract_start: day,
  contract_end: day,
  revenue_12m: fc.option(fc.integer({ min: 0, max: 1e9 }), { nil: undefined }),
  website: fc.string({ maxLength: 12 }),
});

type Plain = { [K in keyof ContactAccount]: ContactAccount[K] };
const plain = (a: ContactAccount): Plain => ({
  id: a.id,
  name: a.name,
  owner: a.owner,
  status: a.status,
  tier: a.tier,
  tierSource: a.tierSource,
  contractStart: a.contractStart,
  contractEnd: a.contractEnd,
  extra: a.extra,
});

describe('accounts kept as columns', () => {
  it('reads back each account as contactAccount makes it from the row, tiers from segments included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(row, fc.constantFrom('A', 'B', 'C', null)), { maxLength: 40 }), (input) => {
        const store = new ContactAccountStore();
        const expected: Plain[] = [];
        input.forEach(([r, tier], i) => {
          const { website, ...fields } = r;
          const customer = { ...fields, line: i + 2, extra: { website } } as ContactCustomer;
          store.add(customer);
          const account = contactAccount(customer);
          if (i % 2 === 0) {
            store.setSegmentTier(i, tier);
            setSegmentTier(account, tier);
          }
          expected.push(plain(account));
        });
        expect(store.length).toBe(input.length);
        expect(input.map((_, i) => plain(store.at(i) as ContactAccount))).toEqual(expected);
        expect(store.at(input.length)).toBeUndefined();
        expect(new Set(store.owners.texts)).toEqual(new Set(expected.map((a) => a.owner)));
      }),
      { numRuns: 300 },
    );
  });

  it('hands out names, reps and passed-through columns as their UTF-8 bytes, as the account reads them', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (input) => {
        const store = new ContactAccountStore();
        input.forEach(({ website, ...fields }, i) => {
          store.add({ ...fields, line: i + 2, extra: { website } } as ContactCustomer);
        });
        const span = byteSpan();
        const bytesOf = (read: ((i: number, into: typeof span) => void) | undefined) =>
          input.map((_, i) => {
            read?.(i, span);
            return Buffer.from(span.bytes.subarray(span.start, span.end)).toString('utf8');
          });
        const accounts = input.map((_, i) => store.at(i) as ContactAccount);
        expect(bytesOf(store.spans('name'))).toEqual(accounts.map((a) => a.name));
        expect(bytesOf(store.spans('owner'))).toEqual(accounts.map((a) => a.owner));
        expect(bytesOf(store.spans({ extra: 'website' }))).toEqual(accounts.map((a) => a.extra.website));
        expect(store.spans({ extra: 'none' })).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('lends the contact fold its interned ids when they are distinct; the fold finds the same accounts as over plain accounts', () => {
    const AS_OF = 20_000;
    const config = defaultConfig();
    const rules = { cadence: config.cadence, postSaleDays: config.postSaleDays };
    // Ids from a small alphabet: repeats are common (a plain list may repeat an id; the last one wins).
    const id = fc.string({ unit: fc.constantFrom('a', 'b', 'é'), minLength: 1, maxLength: 3 });
    const touch = fc.record({ id, day: fc.integer({ min: AS_OF - 800, max: AS_OF }), type: fc.constantFrom('visit', 'call', 'service') });
    fc.assert(
      fc.property(fc.array(id, { maxLength: 30 }), fc.array(touch, { maxLength: 60 }), (ids, touches) => {
        const customers = ids.map((i, n) => ({ id: i, status: 'customer', owner: 'R1', line: n + 2 }) as ContactCustomer);
        const store = new ContactAccountStore();
        for (const c of customers) store.add(c);
        expect(store.idTable() !== undefined).toBe(new Set(ids).size === ids.length);
        const folds = [store, customers.map((c) => contactAccount(c))].map((accounts) => {
          const fold = createContactFold(accounts, { asOf: AS_OF, ...rules, touchTypes: {} });
          touches.forEach((t, n) => {
            const bytes = Buffer.from(`x,${t.id},y`);
            fold.addBytes(bytes, 2, bytes.length - 2, fold.typeIndex(t.type), t.day, n + 2);
          });
          return fold;
        });
        const [fromStore, fromPlain] = folds as [ReturnType<typeof createContactFold>, ReturnType<typeof createContactFold>];
        for (const i of new Set([...ids, 'bb', 'zz'])) expect(fromStore.touches(i)).toEqual(fromPlain.touches(i));
        expect(fromStore.finish().totals).toEqual(fromPlain.finish().totals);
      }),
      { numRuns: 300 },
    );
  });

  it('folds byte touches queued in batches as one touch after another: same ledgers, unknown ids and phases in file order', () => {
    const AS_OF = 20_000;
    const config = defaultConfig();
    const rules = { cadence: config.cadence, postSaleDays: config.postSaleDays };
    const id = fc.constantFrom('a', 'b', 'c', 'x', 'y', 'ü');
    const touch = fc.record({
      id,
      day: fc.integer({ min: AS_OF - 800, max: AS_OF + 5 }),
      type: fc.constantFrom('visit', 'call', 'service', 'fax'),
      // A touch the byte reader leaves to the schema: it reaches the fold as a row, between the queued byte touches.
      typed: fc.boolean(),
    });
    // Up to ~3 batches, all through one reused buffer (the reader's, whose bytes change only after a flush).
    fc.assert(
      fc.property(fc.array(touch, { maxLength: 700 }), fc.integer({ min: 1, max: 300 }), (touches, every) => {
        const accounts = ['a', 'b', 'c', 'ü'].map((i, n) =>
          contactAccount({
            id: i,
            status: 'customer',
            owner: n % 2 ? 'R1' : 'R2',
            contract_start: AS_OF - 400,
            line: n + 2,
          } as ContactCustomer),
        );
        const fold = () => createContactFold(accounts, { asOf: AS_OF, ...rules, touchTypes: {} });
        const oneByOne = fold();
        const queued = fold();
        const buffer = Buffer.alloc(64 * touches.length + 1);
        let at = 0;
        touches.forEach((t, n) => {
          const row = { customer_id: t.id, date: t.day, type: t.type, line: n + 2 };
          oneByOne.add(row);
          if (t.typed) queued.add(row);
          else {
            const end = at + buffer.write(t.id, at);
            queued.addBytes(buffer, at, end, queued.typeIndex(t.type), t.day, n + 2);
            at = end;
          }
          // The reader's end of a batch, now and then.
          if (n % every === every - 1) queued.flush();
        });
        for (const i of ['a', 'b', 'c', 'ü']) expect(queued.touches(i)).toEqual(oneByOne.touches(i));
        expect(queued.ignored()).toEqual(oneByOne.ignored());
        const [got, expected] = [queued.finish(), oneByOne.finish()];
        for (const part of ['totals', 'ignored', 'byTier', 'byRep', 'phases'] as const) expect(got[part]).toEqual(expected[part]);
      }),
      { numRuns: 200 },
    );
  });
});
