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

const post = (body: unknown) => p.call('POST', '/v1/tax_calculations', { key: t.adminKey, body });

describe('POST /v1/tax_calculations', () => {
  it('charges a compound tax on the amount plus the tax before it', async () => {
    const res = await post({
      currency: 'CAD',
      taxes: [
        { code: 'GST', rate_bps: 500 },
        { code: 'QST', rate_bps: 950, compound: true },
      ],
      lines: [{ amount: '100.00' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: 'tax_calculation',
      tax_behavior: 'exclusive',
      rounding: 'per_line',
    });
    expect(res.body.totals).toEqual({
      net: '100.00',
      taxes: [
        { code: 'GST', amount: '5.00' },
        { code: 'QST', amount: '9.98' },
      ],
      tax: '14.98',
      gross: '114.98',
    });
  });

  it('rounds once per document when asked, and the lines still add up to it', async () => {
    const lines = Array.from({ length: 3 }, () => ({ amount: '0.10' }));
    const body = { currency: 'USD', taxes: [{ code: 'VAT', rate_bps: 2500 }], lines };
    const perLine = await post(body);
    const perDocument = await post({ ...body, rounding: 'per_document' });
    // 2.5 cents a line: 3 × 3 = 9 cents rounded per line, 7.5 → 8 cents per document.
    expect(perLine.body.totals.tax).toBe('0.09');
    expect(perDocument.body.totals.tax).toBe('0.08');
    const sum = perDocument.body.lines.reduce(
      (s: number, l: { tax: string }) => s + Math.round(Number(l.tax) * 100),
      0,
    );
    expect(sum).toBe(8);
  });

  it('extracts tax from inclusive amounts keeping the gross exactly', async () => {
    const res = await post({
      currency: 'GBP',
      taxes: [{ code: 'VAT', rate_bps: 2000 }],
      lines: [{ amount: '9.99' }],
      tax_behavior: 'inclusive',
    });
    // Exact net 8.325: the tax 1.665 rounds half up to 1.67 and the net is what is left.
    expect(res.body.lines[0]).toEqual({
      net: '8.32',
      taxes: [{ code: 'VAT', amount: '1.67' }],
      tax: '1.67',
      gross: '9.99',
    });
  });

  it('refuses a line naming a tax the document does not define', async () => {
    const res = await post({
      currency: 'USD',
      taxes: [{ code: 'A', rate_bps: 100 }],
      lines: [{ amount: '1.00', taxes: ['B'] }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('lines[0][taxes][0]');
  });

  it('refuses a rate that is not whole basis points', async () => {
    const res = await post({
      currency: 'USD',
      taxes: [{ code: 'A', rate_bps: 7.5 }],
      lines: [{ amount: '1.00' }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.param).toBe('taxes[0][rate_bps]');
  });
});
