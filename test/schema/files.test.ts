import { describe, expect, it } from 'vitest';
import { type CellContext, FILES } from '../../src/schema/files.js';

const cx = (): CellContext => ({
  decimalMark: () => 'point',
  dateFormat: undefined,
  nullValues: new Set(['NULL']),
  warn() {},
  normalizeId: (_, id) => id,
});

describe('row schemas (compiled per file, no zod per row)', () => {
  const customers = FILES.customers.schema(cx());

  it('types the columns it has: an absent column gives no key, an empty cell a key without a value', () => {
    const parsed = customers.safeParse({ id: 'C1', employees: '', status: 'Active' });
    expect(parsed).toEqual({ success: true, data: { id: 'C1', status: 'customer', employees: undefined } });
    expect(Object.keys(parsed.success ? parsed.data : {})).toEqual(['id', 'status', 'employees']);
  });

  it('reports every bad cell of a row in column order, each with its code', () => {
    const parsed = customers.safeParse({ id: 'NULL', status: 'maybe', employees: '-3' });
    expect(parsed.success).toBe(false);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([
      { path: ['id'], message: 'missing value', params: { code: 'E_REQUIRED' } },
      { path: ['status'], message: 'unknown status (use customer, prospect or lost)', params: { code: 'E_STATUS' } },
      { path: ['employees'], message: 'must be a whole number, not negative', params: { code: 'E_RANGE' } },
    ]);
  });

  it('checks across columns only when every cell is good', () => {
    const backwards = { id: 'C1', contract_start: '2026-05-01', contract_end: '2026-04-01' };
    const parsed = customers.safeParse(backwards);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([
      { path: ['contract_end'], message: 'contract ends before it starts', params: { code: 'E_RANGE' } },
    ]);
    const alsoBad = customers.safeParse({ ...backwards, employees: 'many' });
    expect(alsoBad.success ? [] : alsoBad.error.issues.map((i) => i.path[0])).toEqual(['employees']);
  });

  it('projects to the columns asked for, and a required column that is absent is missing', () => {
    const orders = FILES.orders.schema(cx(), ['customer_id', 'date', 'amount']);
    expect(orders.columns).toEqual(['customer_id', 'date', 'amount']);
    const parsed = orders.safeParse({ customer_id: 'C1', date: '2026-03-01' });
    expect(parsed.success ? [] : parsed.error.issues).toEqual([
      { path: ['amount'], message: 'missing value', params: { code: 'E_REQUIRED' } },
    ]);
  });
});
