import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ContactAccount, type ContactCustomer, contactAccount, setSegmentTier } from '../../src/core/contact.js';
import { ContactAccountStore } from '../../src/core/contact-accounts.js';
import { byteSpan } from '../../src/schema/columns.js';

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
});
