import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/platform.js';

let p: TestPlatform;
let t: TestTenant;

beforeAll(async () => {
  p = await startTestPlatform();
  t = await p.newTenant();
});
afterAll(() => p.close());

const post = (path: string, body: unknown) => p.call('POST', path, { key: t.adminKey, body });
const cents = (s: string) => BigInt(s.replace('.', ''));

describe('POST /v1/schedules/amortization', () => {
  it('returns every period of a 30-year loan, summing exactly to the principal', async () => {
    const res = await post('/v1/schedules/amortization', {
      principal: '200000.00',
      annual_rate: '0.06',
      periods: 360,
      currency: 'USD',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'amortization_schedule',
      currency: 'USD',
      regular_amount: '1199.10',
    });
    expect(res.body.periods).toHaveLength(360);
    expect(res.body.periods[0]).toEqual({
      period: 1,
      payment: '1199.10',
      interest: '1000.00',
      principal: '199.10',
      balance: '199800.90',
    });
    const rows = res.body.periods as Array<Record<string, string>>;
    expect(rows.at(-1)?.balance).toBe('0.00');
    const sum = (k: string) => rows.reduce((s, r) => s + cents(r[k] ?? '0'), 0n);
    expect(sum('principal')).toBe(20_000_000n);
    expect(sum('payment')).toBe(20_000_000n + sum('interest'));
    expect(res.body.totals.principal).toBe('200000.00');
  });

  it('dates rows and applies a day-count convention from start_date', async () => {
    const res = await post('/v1/schedules/amortization', {
      principal: '10000.00',
      annual_rate: '0.05',
      periods: 12,
      start_date: '2026-01-31',
      day_count: 'ACT/365',
      currency: 'EUR',
    });
    expect(res.status).toBe(200);
    expect(res.body.periods[0].date).toBe('2026-02-28');
    expect(res.body.periods.at(-1).balance).toBe('0.00');
  });

  it('refuses a day_count without start_date, naming the missing start_date', async () => {
    const res = await post('/v1/schedules/amortization', {
      principal: '1000.00',
      annual_rate: '0.05',
      periods: 12,
      day_count: 'ACT/360',
      currency: 'USD',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('start_date');
    expect(res.body.error.message).toContain('day_count');
  });

  it('refuses a principal with more decimals than the currency has', async () => {
    const res = await post('/v1/schedules/amortization', {
      principal: '1000.5',
      annual_rate: '0.05',
      periods: 12,
      currency: 'JPY',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('principal');
  });

  it('refuses a rate sent as a JSON number: decimals travel as strings', async () => {
    const res = await post('/v1/schedules/amortization', {
      principal: '1000.00',
      annual_rate: 0.05,
      periods: 12,
      currency: 'USD',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('annual_rate');
  });
});

describe('POST /v1/schedules/depreciation', () => {
  it('depreciates to salvage exactly by straight line', async () => {
    const res = await post('/v1/schedules/depreciation', {
      cost: '1000.00',
      salvage: '0.00',
      life: 3,
      method: 'SLN',
      currency: 'USD',
    });
    expect(res.status).toBe(200);
    expect(res.body.periods.map((r: { depreciation: string }) => r.depreciation)).toEqual([
      '333.33',
      '333.34',
      '333.33',
    ]);
    expect(res.body.periods.at(-1).book_value).toBe('0.00');
    expect(res.body.total_depreciation).toBe('1000.00');
  });

  it("follows Excel's DB with a short first year: life + 1 periods", async () => {
    // Microsoft's DB example: cost 1,000,000, salvage 100,000, life 6, month 7.
    const res = await post('/v1/schedules/depreciation', {
      cost: '1000000.00',
      salvage: '100000.00',
      life: 6,
      month: 7,
      method: 'DB',
      currency: 'USD',
    });
    expect(res.status).toBe(200);
    expect(res.body.periods).toHaveLength(7);
    expect(res.body.periods[0].depreciation).toBe('186083.33');
  });

  it('refuses an unknown currency naming it', async () => {
    const res = await post('/v1/schedules/depreciation', {
      cost: '1000.00',
      salvage: '0.00',
      life: 3,
      method: 'SLN',
      currency: 'XYZ',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('currency');
  });
});
