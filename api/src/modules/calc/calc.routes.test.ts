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

const calc = (body: unknown, key = t.adminKey) => p.call('POST', '/v1/calculations', { key, body });
const batch = (calculations: unknown[]) =>
  p.call('POST', '/v1/calculations/batch', { key: t.adminKey, body: { calculations } });

const close = (actual: string, expected: number) =>
  expect(Math.abs(Number(actual) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-9);

describe('POST /v1/calculations', () => {
  it("answers PMT with Excel's value as a decimal string", async () => {
    // Microsoft's PMT example: 10,000 over 10 months at 8 % a year.
    const res = await calc({
      function: 'PMT',
      args: { rate: '0.0066666666666666666', nper: 10, pv: '10000' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'calculation', function: 'PMT', warnings: [] });
    expect(typeof res.body.result).toBe('string');
    close(res.body.result, -1037.03208935916);
  });

  it('gives the same answer for a decimal string and the equal JSON number', async () => {
    const a = await calc({
      function: 'FV',
      args: { rate: '0.005', nper: '120', pmt: '-100', pv: '-1000', type: '1' },
    });
    const b = await calc({
      function: 'FV',
      args: { rate: 0.005, nper: 120, pmt: -100, pv: -1000, type: 1 },
    });
    expect(a.body.result).toBe(b.body.result);
  });

  it('answers an Excel error value as 200 with error set and no result', async () => {
    const res = await calc({
      function: 'IPMT',
      args: { rate: '0.01', per: 13, nper: 12, pv: '1000' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      object: 'calculation',
      function: 'IPMT',
      error: '#NUM!',
      warnings: [],
    });
  });

  it('takes XIRR dates as YYYY-MM-DD and reports the residual and iterations', async () => {
    // Microsoft's XIRR example.
    const res = await calc({
      function: 'XIRR',
      args: {
        values: ['-10000', '2750', '4250', '3250', '2750'],
        dates: ['2008-01-01', '2008-03-01', '2008-10-30', '2009-02-15', '2009-04-01'],
      },
    });
    expect(res.status).toBe(200);
    // Shown to 9 decimals, and Excel stops iterating at 0.000001 %: the exact root is close.
    expect(Math.abs(Number(res.body.result) - 0.373362535)).toBeLessThan(1e-8);
    expect(Math.abs(Number(res.body.npv_at_rate))).toBeLessThan(1e-6);
    expect(res.body.iterations).toBeGreaterThan(0);
  });

  it('warns when cash flows change sign more than once', async () => {
    const res = await calc({ function: 'IRR', args: { values: [-100, 230, -132] } });
    expect(res.status).toBe(200);
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toContain(
      'multiple_sign_changes',
    );
  });

  it('refuses a malformed number with 400 naming the argument', async () => {
    const res = await calc({ function: 'PMT', args: { rate: '8%', nper: 10, pv: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parameter_invalid', param: 'args[rate]' });
  });

  it('refuses an unknown argument and names it', async () => {
    const res = await calc({ function: 'PMT', args: { rate: 0.01, nper: 10, pv: 1, when: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parameter_unknown', param: 'args[when]' });
  });

  it('refuses a missing required argument and names it', async () => {
    const res = await calc({ function: 'PMT', args: { rate: 0.01, nper: 10 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'parameter_missing', param: 'args[pv]' });
  });

  it('refuses an unknown function naming `function`', async () => {
    const res = await calc({ function: 'SUM', args: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('function');
  });

  it('refuses an invalid date naming its index', async () => {
    const res = await calc({
      function: 'XNPV',
      args: { rate: '0.1', values: [-100, 110], dates: ['2026-01-01', '2026-02-30'] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('args[dates][1]');
  });

  it('lets a viewer key compute: calculations change nothing', async () => {
    const viewer = await p.keyWithRole(t, 'viewer');
    const res = await calc(
      { function: 'SLN', args: { cost: 30000, salvage: 7500, life: 10 } },
      viewer,
    );
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('2250');
  });

  it('refuses a revoked key at once even though a calculation reads no data', async () => {
    const created = await p.call('POST', '/v1/api_keys', {
      key: t.adminKey,
      body: { role: 'viewer' },
    });
    const body = { function: 'SLN', args: { cost: 10, salvage: 0, life: 2 } };
    expect((await calc(body, created.body.secret)).status).toBe(200);
    await p.call('DELETE', `/v1/api_keys/${created.body.id}`, { key: t.adminKey });
    expect((await calc(body, created.body.secret)).status).toBe(401);
  });

  it('replays the stored answer for a repeated Idempotency-Key', async () => {
    const body = { function: 'EFFECT', args: { nominal_rate: '0.0525', npery: 4 } };
    const headers = { 'Idempotency-Key': 'calc-effect-1' };
    const first = await p.call('POST', '/v1/calculations', { key: t.adminKey, body, headers });
    const again = await p.call('POST', '/v1/calculations', { key: t.adminKey, body, headers });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    close(first.body.result, 0.0535426673707584);
  });
});

describe('POST /v1/calculations/batch', () => {
  it('answers every item on its own, in order, naming the bad one', async () => {
    const res = await batch([
      { function: 'PMT', args: { rate: '0.005', nper: 360, pv: '200000' } },
      { function: 'PMT', args: { rate: 'abc', nper: 360, pv: '200000' } },
      { function: 'DDB', args: { cost: 2400, salvage: 300, life: 10, period: 11 } },
      { function: 'NOPE' },
      'not an object',
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: 'calculation_batch', succeeded: 2, failed: 3 });
    const [pmt, bad, ddb, unknown, garbage] = res.body.data;
    close(pmt.result, -1199.1010503055138);
    expect(bad).toMatchObject({
      object: 'error',
      code: 'parameter_invalid',
      param: 'calculations[1][args][rate]',
    });
    expect(ddb).toMatchObject({ object: 'calculation', error: '#NUM!' });
    expect(unknown).toMatchObject({ object: 'error', param: 'calculations[3][function]' });
    expect(garbage).toMatchObject({ object: 'error', type: 'invalid_request_error' });
  });

  it('evaluates 10,000 calculations in one call', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      function: 'PMT',
      args: { rate: '0.004', nper: 12 + (i % 348), pv: String(1000 + i) },
    }));
    const res = await batch(items);
    expect(res.status).toBe(200);
    expect(res.body.succeeded).toBe(10_000);
    expect(res.body.data).toHaveLength(10_000);
    close(res.body.data[9_999].result, -(10_999 * 0.004) / (1 - 1.004 ** -(12 + (9_999 % 348))));
  });

  it('refuses more than 10,000 calculations naming `calculations`', async () => {
    const items = Array.from({ length: 10_001 }, () => ({
      function: 'SLN',
      args: { cost: 1, salvage: 0, life: 1 },
    }));
    const res = await batch(items);
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('calculations');
  });
});
