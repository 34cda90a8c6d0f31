import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAmountInput, formatMoney, formatRate } from '../../src/internal/format.js';
import {
  currencyDigits,
  invoiceTotals,
  lineTax,
  minorToDecimal,
  parseDecimal,
  parseMoney,
  parseQuantity,
  parseTaxRate,
} from '../../src/internal/money.js';

/** The API's own rounding (api/src/modules/ledger/invoice-math.ts), restated independently. */
function referenceTax(amount: bigint, rateBps: bigint): bigint {
  const scaled = amount * rateBps;
  const whole = scaled / 10_000n;
  const remainder = scaled % 10_000n;
  return remainder * 2n >= 10_000n ? whole + 1n : whole;
}

describe('currencyDigits', () => {
  it('reads minor-unit digits from Intl', () => {
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('BHD')).toBe(3);
    expect(currencyDigits('eur')).toBe(2);
  });
});

describe('parseMoney', () => {
  it('parses major units exactly into minor units', () => {
    expect(parseMoney('12.5', 'USD', 'en-US')).toEqual({ ok: true, value: 1250n });
    expect(parseMoney('1,234.56', 'USD', 'en-US')).toEqual({ ok: true, value: 123456n });
    expect(parseMoney('0.07', 'USD', 'en-US')).toEqual({ ok: true, value: 7n });
    expect(parseMoney('.5', 'USD', 'en-US')).toEqual({ ok: true, value: 50n });
    expect(parseMoney('1000', 'JPY', 'ja-JP')).toEqual({ ok: true, value: 1000n });
    expect(parseMoney('1.005', 'BHD', 'en-US')).toEqual({ ok: true, value: 1005n });
  });

  it('keeps amounts beyond float precision exact', () => {
    expect(parseMoney('90071992547409.93', 'USD', 'en-US')).toEqual({
      ok: true,
      value: 9007199254740993n,
    });
  });

  it("reads the locale's decimal and grouping separators", () => {
    expect(parseMoney('1.234,5', 'EUR', 'de-DE')).toEqual({ ok: true, value: 123450n });
    expect(parseMoney('1 234,50', 'EUR', 'fr-FR')).toEqual({ ok: true, value: 123450n });
  });

  it('rejects more fraction digits than the currency has instead of rounding', () => {
    expect(parseMoney('0.125', 'USD', 'en-US')).toEqual({
      ok: false,
      reason: 'Use at most 2 decimal places',
    });
    expect(parseMoney('10.5', 'JPY', 'en-US')).toEqual({
      ok: false,
      reason: 'Use whole units only',
    });
  });

  it('rejects empty, negative and non-numeric input', () => {
    for (const text of ['', '  ', '-5', '1e3', 'abc', '.', '1.2.3']) {
      expect(parseMoney(text, 'USD', 'en-US').ok, text).toBe(false);
    }
  });

  it('round-trips every amount through formatAmountInput', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: BigInt(Number.MAX_SAFE_INTEGER) }),
        fc.constantFrom('USD', 'JPY', 'BHD'),
        fc.constantFrom('en-US', 'de-DE', 'fr-FR', 'ja-JP'),
        (minor, currency, locale) => {
          const text = formatAmountInput(minor, currency, locale);
          expect(parseMoney(text, currency, locale)).toEqual({ ok: true, value: minor });
        },
      ),
    );
  });
});

describe('parseTaxRate and parseQuantity', () => {
  it('turns a percentage into basis points', () => {
    expect(parseTaxRate('20', 'en-US')).toEqual({ ok: true, value: 2000n });
    expect(parseTaxRate('7.25', 'en-US')).toEqual({ ok: true, value: 725n });
    expect(parseTaxRate('', 'en-US')).toEqual({ ok: true, value: 0n });
    expect(parseTaxRate('0.125', 'en-US').ok).toBe(false);
    expect(parseTaxRate('1000.01', 'en-US').ok).toBe(false);
  });

  it('accepts whole quantities from 1 to 1e9 only', () => {
    expect(parseQuantity('3')).toEqual({ ok: true, value: 3n });
    for (const text of ['0', '1.5', '-1', '', '1000000001']) {
      expect(parseQuantity(text).ok, text).toBe(false);
    }
  });
});

describe('lineTax and invoiceTotals', () => {
  it('rounds half up to the minor unit like the API', () => {
    expect(lineTax(9999n, 1000n)).toBe(1000n); // 999.9
    expect(lineTax(5n, 1000n)).toBe(1n); // 0.5 rounds up
    expect(lineTax(4n, 1000n)).toBe(0n); // 0.4 rounds down
    expect(lineTax(90_000n, 2000n)).toBe(18_000n);
  });

  it('matches an independent half-up reference for any amount and rate', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 100_000n }),
        (amount, rate) => {
          expect(lineTax(amount, rate)).toBe(referenceTax(amount, rate));
        },
      ),
    );
  });

  it('rounds each line on its own and sums exactly', () => {
    const totals = invoiceTotals([
      { quantity: 1n, unitAmount: 5n, taxRateBps: 1000n }, // tax 0.5 → 1
      { quantity: 1n, unitAmount: 5n, taxRateBps: 1000n }, // tax 0.5 → 1
    ]);
    expect(totals).toEqual({ subtotal: 10n, tax: 2n, total: 12n });
  });

  it('reproduces the seeded invoices of the browser suite', () => {
    expect(invoiceTotals([{ quantity: 2n, unitAmount: 45_000n, taxRateBps: 2000n }]).total).toBe(
      108_000n,
    );
    expect(invoiceTotals([{ quantity: 1n, unitAmount: 9_999n, taxRateBps: 1000n }]).total).toBe(
      10_999n,
    );
  });
});

describe('formatting', () => {
  it('formats minor units exactly with Intl', () => {
    expect(minorToDecimal(123450n, 2)).toBe('1234.50');
    expect(minorToDecimal(5n, 3)).toBe('0.005');
    expect(minorToDecimal(-5n, 2)).toBe('-0.05');
    expect(formatMoney(123450, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(9007199254740993n, 'USD', 'en-US')).toBe('$90,071,992,547,409.93');
    expect(formatMoney(1000, 'JPY', 'en-US')).toBe('¥1,000');
    expect(formatRate(725, 'en-US')).toBe('7.25%');
  });

  it('still shows the amount for a currency code Intl rejects', () => {
    expect(formatMoney(150, 'US$', 'en-US')).toBe('1.50 US$');
  });

  it('parses the decimal point of the locale only', () => {
    expect(parseDecimal('1,5', 2, 'de-DE')).toEqual({ ok: true, value: 150n });
    expect(parseDecimal('1,5', 2, 'en-US')).toEqual({ ok: true, value: 1500n });
  });
});
