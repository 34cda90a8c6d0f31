import type { Account, List } from '@finaceverse/sdk';
import { describe, expect, it } from 'vitest';
import {
  checkLine,
  draftTotals,
  emptyLine,
  requestLines,
} from '../../src/internal/invoice-draft.js';
import { checkJournalLine, isBalanced, journalTotals } from '../../src/internal/journal-draft.js';
import { nextCursor, pageOf, previousCursor } from '../../src/internal/pager.js';
import { allows, parseScopes } from '../../src/internal/scopes.js';

describe('scopes', () => {
  it('splits on spaces and commas', () => {
    expect(parseScopes('invoices:write, customers:read  reports:read')).toEqual([
      'invoices:write',
      'customers:read',
      'reports:read',
    ]);
    expect(parseScopes(undefined)).toBeUndefined();
    expect(parseScopes('')).toEqual([]);
  });

  it('lets write imply read and never read imply write', () => {
    expect(allows(['invoices:write'], 'invoices:read')).toBe(true);
    expect(allows(['invoices:read'], 'invoices:write')).toBe(false);
    expect(allows(['customers:write'], 'invoices:read')).toBe(false);
    expect(allows([], 'invoices:read')).toBe(false);
  });

  it('allows everything when the host did not say', () => {
    expect(allows(undefined, 'invoices:write')).toBe(true);
  });
});

describe('pagination', () => {
  const list = (ids: string[], has_more: boolean): List<{ id: string }> => ({
    object: 'list',
    data: ids.map((id) => ({ id })),
    has_more,
    url: '/v1/x',
  });

  it('goes forward with starting_after the last id', () => {
    const first = pageOf(list(['c', 'b'], true), {});
    expect(first).toMatchObject({ hasNext: true, hasPrevious: false });
    expect(nextCursor(first)).toEqual({ starting_after: 'b' });
    const second = pageOf(list(['a'], false), { starting_after: 'b' });
    expect(second).toMatchObject({ hasNext: false, hasPrevious: true });
  });

  it('goes back with ending_before the first id, has_more meaning newer pages', () => {
    const second = pageOf(list(['b', 'a'], false), { starting_after: 'c' });
    expect(previousCursor(second)).toEqual({ ending_before: 'b' });
    expect(pageOf(list(['d', 'c'], true), { ending_before: 'b' })).toMatchObject({
      hasNext: true,
      hasPrevious: true,
    });
    expect(pageOf(list(['c'], false), { ending_before: 'b' })).toMatchObject({
      hasNext: true,
      hasPrevious: false,
    });
  });
});

describe('invoice draft', () => {
  it('computes live totals from valid lines with the API rounding', () => {
    const lines = [
      { ...emptyLine(), description: 'Hours', quantity: '2', unitPrice: '450', taxRate: '20' },
      { ...emptyLine(), description: 'Retainer', quantity: '1', unitPrice: '99.99', taxRate: '10' },
      { ...emptyLine(), description: '', quantity: '1', unitPrice: 'x', taxRate: '' },
    ];
    const checked = lines.map((l) => checkLine(l, 'USD', 'en-US'));
    expect(draftTotals(checked)).toEqual({ subtotal: 99_999n, tax: 19_000n, total: 118_999n });
    expect(checked[2]?.problems).toEqual({
      description: 'Enter a description',
      unitPrice: 'Enter a number such as 12.50',
    });
    expect(requestLines(lines, checked)).toEqual([
      { description: 'Hours', quantity: 2, unit_amount: 45_000, tax_rate_bps: 2000 },
      { description: 'Retainer', quantity: 1, unit_amount: 9_999, tax_rate_bps: 1000 },
    ]);
  });
});

describe('journal draft', () => {
  const account = (id: string, currency: string): Account => ({
    id,
    object: 'account',
    code: id,
    name: id,
    type: 'asset',
    currency,
    description: null,
    balance: 0,
    debits_posted: 0,
    credits_posted: 0,
    metadata: {},
    created_at: '2026-01-01T00:00:00Z',
  });
  const accounts = [account('bank', 'USD'), account('equity', 'USD'), account('yen', 'JPY')];
  const line = (key: number, accountId: string, debit: string, credit: string) =>
    checkJournalLine({ key, accountId, debit, credit }, accounts, 'en-US');

  it('is balanced only when debits equal credits and are not zero', () => {
    expect(isBalanced([line(1, 'bank', '100', ''), line(2, 'equity', '', '100.00')])).toBe(true);
    expect(isBalanced([line(1, 'bank', '100', ''), line(2, 'equity', '', '99.99')])).toBe(false);
    expect(isBalanced([line(1, 'bank', '0', ''), line(2, 'equity', '', '0')])).toBe(false);
    expect(isBalanced([line(1, 'bank', '100', '')])).toBe(false);
  });

  it('balances each currency on its own', () => {
    const checked = [
      line(1, 'bank', '10', ''),
      line(2, 'equity', '', '10'),
      line(3, 'yen', '1000', ''),
    ];
    expect(journalTotals(checked)).toEqual([
      { currency: 'USD', debit: 1000n, credit: 1000n },
      { currency: 'JPY', debit: 1000n, credit: 0n },
    ]);
    expect(isBalanced(checked)).toBe(false);
  });

  it('asks for exactly one side and an account', () => {
    expect(line(1, 'bank', '5', '5').problems.side).toBe(
      'Enter either a debit or a credit, not both',
    );
    expect(line(1, 'bank', '', '').problems.side).toBe('Enter a debit or a credit');
    expect(line(1, '', '5', '').problems.account).toBe('Choose an account');
    expect(line(1, 'yen', '10.5', '').problems.debit).toBe('Use whole units only');
  });
});
