import { describe, expect, it } from 'vitest';
import type { ProductAccountResult } from '../../src/core/products.js';
import { numberFormat } from '../../src/render/numbers.js';
import { nextBestReason } from '../../src/views/products.js';

const account = (peerBuyers: number | null, peers: number | null, nextBest: string | null = 'P1'): ProductAccountResult => ({
  rank: 1,
  id: 'K1',
  name: 'K1',
  status: 'customer',
  segment: 'Retail / North',
  segmentTier: 'A',
  products: 0,
  revenue: 0,
  topProduct: 'P1',
  topHeadroom: 100,
  nextBest,
  nextBestHeadroom: nextBest === null ? null : 100,
  peerBuyers,
  peers,
  peerPenetration: peerBuyers === null || peers === null ? null : peerBuyers / peers,
});

describe("the next best product's reason", () => {
  it('groups its counts as every other count (1,234 of 5,678), and words its share in the locale', () => {
    // 1,234 / 5,678 = 21.73%: 22%.
    expect(nextBestReason(account(1234, 5678))?.(numberFormat('en-GB', '€'))).toBe(
      'bought by 1,234 of 5,678 buying peers in Retail / North (22%), not yet by this account',
    );
    expect(nextBestReason(account(1234, 5678))?.(numberFormat('de-DE', '€'))).toBe(
      'bought by 1.234 of 5.678 buying peers in Retail / North (22\u00a0%), not yet by this account',
    );
  });

  it('is empty for an account without a next best product', () => {
    expect(nextBestReason(account(null, null, null))).toBeNull();
  });
});
