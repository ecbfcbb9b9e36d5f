import { describe, expect, it } from 'vitest';
import type { Column } from '../../src/render/document.js';
import { passedThrough } from '../../src/views/passed-through.js';

const own = ['rank', 'id', 'tier', 'days_overdue'].map((key): Column => ({ key, label: key, type: 'text' }));

describe('passed-through columns of a listing', () => {
  it('keep their own header names; one that reads as ours (as headers match) is customers.NAME', () => {
    const extra = passedThrough(['website', 'Web Site', 'TIER', 'Days Overdue', 'rank', 'customers.rank'], own);
    expect(extra.columns.map((c) => c.key)).toEqual([
      'website',
      'Web Site',
      'customers.TIER',
      'customers.Days Overdue',
      // `customers.rank` is taken by the file's own column of that name, which comes later: it keeps it.
      'customers.customers.rank',
      'customers.rank',
    ]);
    expect(extra.columns.map((c) => c.label)).toEqual(extra.columns.map((c) => c.key));
    expect(extra.nameOf('customers.TIER')).toBe('TIER');
    expect(extra.nameOf('customers.customers.rank')).toBe('rank');
    expect(extra.nameOf('customers.rank')).toBe('customers.rank');
    expect(extra.nameOf('tier')).toBeUndefined();
  });
});
