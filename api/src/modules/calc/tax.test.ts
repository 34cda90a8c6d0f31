import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalcInputError } from './calc.errors.js';
import { Decimal } from './decimal.js';
import { formatMinorUnits, ROUNDING_MODES, roundTo } from './money.js';
import { calculateTax, type TaxFigures, type TaxInput } from './tax.js';

const GST_QST = [
  { code: 'GST', rate_bps: 500 },
  { code: 'QST', rate_bps: 950, compound: true },
];

/** A line or totals as plain strings with the currency's decimals, for readable expectations. */
function plain(figures: TaxFigures, places = 2) {
  return {
    net: figures.net.toFixed(places),
    taxes: Object.fromEntries(figures.taxes.map((t) => [t.code, t.amount.toFixed(places)])),
    tax: figures.tax.toFixed(places),
    gross: figures.gross.toFixed(places),
  };
}

function calcError(fn: () => unknown): CalcInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CalcInputError) return error;
    throw error;
  }
  throw new Error('expected a CalcInputError');
}

describe('exclusive taxes', () => {
  it('adds 20 % (2000 bp) VAT to a net of 100.00', () => {
    const result = calculateTax({
      currency: 'EUR',
      taxes: [{ code: 'VAT', rate_bps: 2000 }],
      lines: [{ amount: '100.00' }],
    });
    expect(plain(result.lines[0]!)).toEqual({
      net: '100.00',
      taxes: { VAT: '20.00' },
      tax: '20.00',
      gross: '120.00',
    });
  });

  it('charges a compound tax on the amount plus the earlier tax (QST on GST-inclusive)', () => {
    const result = calculateTax({ currency: 'CAD', taxes: GST_QST, lines: [{ amount: '100.00' }] });
    // QST = 9.5 % of 105.00 = 9.975 → 9.98
    expect(plain(result.totals)).toEqual({
      net: '100.00',
      taxes: { GST: '5.00', QST: '9.98' },
      tax: '14.98',
      gross: '114.98',
    });
  });

  it('charges each line only its listed taxes, and totals list every tax', () => {
    const result = calculateTax({
      currency: 'USD',
      taxes: [
        { code: 'STATE', rate_bps: 625 },
        { code: 'CITY', rate_bps: 100 },
      ],
      lines: [
        { amount: '10.00' },
        { amount: '20.00', taxes: ['STATE'] },
        { amount: '5.00', taxes: [] },
      ],
    });
    expect(result.lines.map((line) => line.taxes.map((t) => t.code))).toEqual([
      ['STATE', 'CITY'],
      ['STATE'],
      [],
    ]);
    expect(plain(result.totals)).toEqual({
      net: '35.00',
      taxes: { STATE: '1.88', CITY: '0.10' }, // 0.625 → 0.63 and 1.25
      tax: '1.98',
      gross: '36.98',
    });
  });

  it('rounds by the chosen mode: 5 % of 2.50 is 0.13 half up and 0.12 half even', () => {
    const input = (mode: 'half_up' | 'half_even'): TaxInput => ({
      currency: 'USD',
      taxes: [{ code: 'T', rate_bps: 500 }],
      lines: [{ amount: '2.50' }],
      rounding_mode: mode,
    });
    expect(calculateTax(input('half_up')).totals.tax.toFixed(2)).toBe('0.13');
    expect(calculateTax(input('half_even')).totals.tax.toFixed(2)).toBe('0.12');
  });
});

describe('per-line versus per-document rounding', () => {
  const input = (rounding: 'per_line' | 'per_document'): TaxInput => ({
    currency: 'USD',
    taxes: [{ code: 'T', rate_bps: 1500 }],
    lines: [{ amount: '0.10' }, { amount: '0.10' }, { amount: '0.10' }],
    rounding,
  });

  it('per line rounds each 0.015 up to 0.02, so the document tax is 0.06', () => {
    const result = calculateTax(input('per_line'));
    expect(result.lines.map((line) => line.tax.toFixed(2))).toEqual(['0.02', '0.02', '0.02']);
    expect(result.totals.tax.toFixed(2)).toBe('0.06');
  });

  it('per document rounds 0.045 once to 0.05 and spreads it 0.02, 0.02, 0.01', () => {
    const result = calculateTax(input('per_document'));
    expect(result.totals.tax.toFixed(2)).toBe('0.05');
    expect(result.lines.map((line) => line.tax.toFixed(2))).toEqual(['0.02', '0.02', '0.01']);
  });

  it('per document spreads a tax over a discount line with a negative amount', () => {
    const result = calculateTax({
      currency: 'USD',
      taxes: [{ code: 'T', rate_bps: 825 }],
      lines: [{ amount: '19.99' }, { amount: '-5.00' }, { amount: '3.33' }],
      rounding: 'per_document',
    });
    // exact 1.649175 - 0.4125 + 0.274725 = 1.5114 → 1.51
    expect(result.totals.tax.toFixed(2)).toBe('1.51');
    expect(result.lines.map((line) => line.tax.toFixed(2))).toEqual(['1.65', '-0.41', '0.27']);
  });
});

describe('inclusive taxes', () => {
  it('extracts 20 % VAT from a gross of 100.00 as 16.67, leaving a net of 83.33', () => {
    const result = calculateTax({
      currency: 'GBP',
      taxes: [{ code: 'VAT', rate_bps: 2000 }],
      lines: [{ amount: '100.00' }],
      tax_behavior: 'inclusive',
    });
    expect(plain(result.lines[0]!)).toEqual({
      net: '83.33',
      taxes: { VAT: '16.67' },
      tax: '16.67',
      gross: '100.00',
    });
  });

  it('extracts compound GST and QST from 114.98 back to a net of 100.00', () => {
    const result = calculateTax({
      currency: 'CAD',
      taxes: GST_QST,
      lines: [{ amount: '114.98' }],
      tax_behavior: 'inclusive',
    });
    expect(plain(result.totals)).toEqual({
      net: '100.00',
      taxes: { GST: '5.00', QST: '9.98' },
      tax: '14.98',
      gross: '114.98',
    });
  });

  it('extracts 10 % consumption tax from 1100 yen as 100 yen', () => {
    const result = calculateTax({
      currency: 'JPY',
      taxes: [{ code: 'CT', rate_bps: 1000 }],
      lines: [{ amount: '1100' }],
      tax_behavior: 'inclusive',
    });
    expect(plain(result.totals, 0)).toEqual({
      net: '1000',
      taxes: { CT: '100' },
      tax: '100',
      gross: '1100',
    });
  });
});

describe('tax input validation', () => {
  const base: TaxInput = {
    currency: 'USD',
    taxes: [{ code: 'T', rate_bps: 1000 }],
    lines: [{ amount: '1.00' }],
  };
  const cases: [string, TaxInput, string, string][] = [
    [
      'a rate above 100 000 bp',
      { ...base, taxes: [{ code: 'T', rate_bps: 100_001 }] },
      'parameter_invalid',
      'taxes[0][rate_bps]',
    ],
    [
      'a fractional rate',
      { ...base, taxes: [{ code: 'T', rate_bps: 12.5 }] },
      'parameter_invalid',
      'taxes[0][rate_bps]',
    ],
    [
      'a negative rate',
      { ...base, taxes: [{ code: 'T', rate_bps: -1 }] },
      'parameter_invalid',
      'taxes[0][rate_bps]',
    ],
    [
      'a duplicate tax code',
      {
        ...base,
        taxes: [
          { code: 'T', rate_bps: 1 },
          { code: 'T', rate_bps: 2 },
        ],
      },
      'parameter_invalid',
      'taxes[1][code]',
    ],
    [
      'an unknown tax on a line',
      { ...base, lines: [{ amount: '1.00', taxes: ['X'] }] },
      'parameter_invalid',
      'lines[0][taxes][0]',
    ],
    [
      'a tax listed twice on a line',
      { ...base, lines: [{ amount: '1.00', taxes: ['T', 'T'] }] },
      'parameter_invalid',
      'lines[0][taxes]',
    ],
    [
      'an amount finer than a cent',
      { ...base, lines: [{ amount: '1.005' }] },
      'amount_precision_exceeded',
      'lines[0][amount]',
    ],
    [
      'an amount that is not a number',
      { ...base, lines: [{ amount: 'ten' }] },
      'parameter_invalid',
      'lines[0][amount]',
    ],
    ['an unknown currency', { ...base, currency: 'XYZ' }, 'currency_unknown', 'currency'],
    [
      'an unknown rounding',
      { ...base, rounding: 'per_invoice' as 'per_line' },
      'parameter_invalid',
      'rounding',
    ],
    [
      'an unknown tax behaviour',
      { ...base, tax_behavior: 'gross' as 'inclusive' },
      'parameter_invalid',
      'tax_behavior',
    ],
    [
      'an unknown rounding mode',
      { ...base, rounding_mode: 'bankers' as 'half_even' },
      'parameter_invalid',
      'rounding_mode',
    ],
  ];
  for (const [what, input, code, param] of cases) {
    it(`rejects ${what} with code ${code} naming ${param}`, () => {
      const error = calcError(() => calculateTax(input));
      expect([error.code, error.param]).toEqual([code, param]);
    });
  }
});

/** A random document: line amounts in minor units so they always fit the currency. */
interface Document extends Omit<TaxInput, 'lines' | 'rounding_mode'> {
  lines: { minor: bigint; taxes: string[] }[];
  rounding_mode: (typeof ROUNDING_MODES)[number];
}

describe('tax properties', () => {
  const taxes = fc.uniqueArray(
    fc.record({
      code: fc.constantFrom('A', 'B', 'C', 'D'),
      rate_bps: fc.integer({ min: 0, max: 30_000 }),
      compound: fc.boolean(),
    }),
    { minLength: 1, maxLength: 4, selector: (tax) => tax.code },
  );
  const document: fc.Arbitrary<Document> = taxes.chain((defined) =>
    fc.record({
      currency: fc.constantFrom('USD', 'JPY', 'BHD', 'CLF'),
      taxes: fc.constant(defined),
      lines: fc.array(
        fc.record({
          minor: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 10n }),
          taxes: fc.subarray(defined.map((tax) => tax.code)),
        }),
        { maxLength: 12 },
      ),
      tax_behavior: fc.constantFrom('exclusive' as const, 'inclusive' as const),
      rounding: fc.constantFrom('per_line' as const, 'per_document' as const),
      rounding_mode: fc.constantFrom(...ROUNDING_MODES),
    }),
  );
  const exponents: Record<string, number> = { USD: 2, JPY: 0, BHD: 3, CLF: 4 };
  const toInput = (doc: Document): TaxInput => ({
    ...doc,
    lines: doc.lines.map((line) => ({
      amount: formatMinorUnits(line.minor, exponents[doc.currency]!),
      taxes: line.taxes,
    })),
  });
  const sum = (values: Decimal[]) => values.reduce((a, b) => a.plus(b), new Decimal(0));

  it('makes document totals the exact sums of the lines, and every line net + tax = gross', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const input = toInput(doc);
        const { lines, totals } = calculateTax(input);
        for (const [i, line] of lines.entries()) {
          expect(line.net.plus(line.tax).eq(line.gross)).toBe(true);
          expect(line.tax.eq(sum(line.taxes.map((t) => t.amount)))).toBe(true);
          const given = new Decimal(input.lines[i]!.amount as string);
          expect((doc.tax_behavior === 'inclusive' ? line.gross : line.net).eq(given)).toBe(true);
        }
        expect(totals.net.eq(sum(lines.map((l) => l.net)))).toBe(true);
        expect(totals.gross.eq(sum(lines.map((l) => l.gross)))).toBe(true);
        expect(totals.tax.eq(sum(totals.taxes.map((t) => t.amount)))).toBe(true);
        for (const total of totals.taxes) {
          const perLine = lines.flatMap((l) => l.taxes.filter((t) => t.code === total.code));
          expect(total.amount.eq(sum(perLine.map((t) => t.amount)))).toBe(true);
        }
      }),
    );
  });

  it('per document rounds each simple exclusive tax once over the exact sum, lines within a unit', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const simple = { ...doc, taxes: doc.taxes.map((t) => ({ ...t, compound: false })) };
        const input = {
          ...toInput(simple),
          tax_behavior: 'exclusive' as const,
          rounding: 'per_document' as const,
        };
        const exponent = exponents[doc.currency]!;
        const unit = new Decimal(10).pow(-exponent);
        const { lines, totals } = calculateTax(input);
        for (const [j, tax] of simple.taxes.entries()) {
          const rate = new Decimal(tax.rate_bps).div(10_000);
          const exact = lines.map((line, i) =>
            input.lines[i]!.taxes!.includes(tax.code) ? line.net.times(rate) : undefined,
          );
          const documentExact = sum(exact.filter((e): e is Decimal => e !== undefined));
          expect(
            totals.taxes[j]!.amount.eq(roundTo(documentExact, exponent, doc.rounding_mode)),
          ).toBe(true);
          lines.forEach((line, i) => {
            const charged = line.taxes.find((t) => t.code === tax.code);
            if (charged) expect(charged.amount.minus(exact[i]!).abs().lt(unit)).toBe(true);
          });
        }
      }),
    );
  });
});
