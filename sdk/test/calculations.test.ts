import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CalculationItemError,
  FinACEverse,
  InvalidRequestError,
  PermissionError,
} from '../src/index.js';
import { createTenant } from './support/fixtures.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let fin: FinACEverse;

beforeAll(async () => {
  server = await startServer();
  fin = (await createTenant(server)).fin;
});

afterAll(async () => {
  await server?.close();
});

describe('calculations', () => {
  it('evaluates PMT with typed arguments and returns a decimal string', async () => {
    const calc = await fin.calculations.create({
      function: 'PMT',
      args: { rate: '0.005', nper: 360, pv: '200000' },
    });
    expect(calc.object).toBe('calculation');
    expect(Number(calc.result)).toBeCloseTo(-1199.1010503055138, 9);
  });

  it('returns an Excel error value as data, not an exception', async () => {
    const calc = await fin.calculations.create({
      function: 'IRR',
      args: { values: ['100', '200'] },
    });
    expect(calc.error).toBe('#NUM!');
    expect(calc.result).toBeUndefined();
  });

  it('throws InvalidRequestError naming the argument for a malformed number', async () => {
    const error = await fin.calculations
      .create({ function: 'PV', args: { rate: 'five', nper: 10, pmt: '-100' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).param).toBe('args[rate]');
  });

  it('answers a batch item by item', async () => {
    const batch = await fin.calculations.batch([
      { function: 'SLN', args: { cost: '1000', salvage: '0', life: 4 } },
      { function: 'SLN', args: { cost: 'x', salvage: '0', life: 4 } },
    ]);
    expect(batch.succeeded).toBe(1);
    expect(batch.data[0]).toMatchObject({ object: 'calculation', result: '250' });
    expect((batch.data[1] as CalculationItemError).param).toBe('calculations[1][args][cost]');
  });
});

describe('schedules', () => {
  it('builds an amortization schedule whose principal sums to the loan', async () => {
    const loan = await fin.schedules.amortization({
      principal: '1000.00',
      annual_rate: '0.12',
      periods: 12,
      currency: 'USD',
    });
    expect(loan.periods).toHaveLength(12);
    expect(loan.totals.principal).toBe('1000.00');
    expect(loan.periods.at(-1)?.balance).toBe('0.00');
  });

  it('builds a depreciation schedule ending at salvage', async () => {
    const asset = await fin.schedules.depreciation({
      cost: '2400.00',
      salvage: '300.00',
      life: 10,
      method: 'VDB',
      currency: 'USD',
    });
    expect(asset.periods).toHaveLength(10);
    expect(asset.periods.at(-1)?.book_value).toBe('300.00');
  });
});

describe('tax calculations', () => {
  it('calculates compound tax exactly', async () => {
    const tax = await fin.taxCalculations.create({
      currency: 'CAD',
      taxes: [
        { code: 'GST', rate_bps: 500 },
        { code: 'QST', rate_bps: 950, compound: true },
      ],
      lines: [{ amount: '100.00' }],
    });
    expect(tax.totals.gross).toBe('114.98');
  });
});

describe('embed tokens', () => {
  it('mints a token the browser can use within its scopes', async () => {
    const embed = await fin.embedTokens.create({ scopes: ['calculations:read'], ttl_seconds: 60 });
    expect(embed.token).toMatch(/^ek_/);
    const browser = new FinACEverse({ apiKey: embed.token!, baseUrl: server.url });
    const calc = await browser.calculations.create({
      function: 'SLN',
      args: { cost: '100', salvage: '0', life: 4 },
    });
    expect(calc.result).toBe('25');
    const refused = await browser.customers.list().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermissionError);
  });
});
