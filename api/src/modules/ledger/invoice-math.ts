/**
 * Invoice arithmetic in exact integers (minor units). Documented rounding: each line's tax
 * is amount × rate_bps / 10 000 rounded half up (half away from zero; amounts are never
 * negative), then subtotal, tax and total are exact sums of the line figures.
 */
export interface LineInput {
  quantity: number;
  unit_amount: number;
  tax_rate_bps?: number | undefined;
}

export interface LineFigures {
  amount: bigint;
  tax: bigint;
}

export function lineTax(amount: bigint, rateBps: number): bigint {
  return (2n * amount * BigInt(rateBps) + 10_000n) / 20_000n;
}

export function lineFigures(line: LineInput): LineFigures {
  const amount = BigInt(line.quantity) * BigInt(line.unit_amount);
  return { amount, tax: lineTax(amount, line.tax_rate_bps ?? 0) };
}

export function invoiceTotals(lines: LineInput[]): {
  lines: LineFigures[];
  subtotal: bigint;
  tax: bigint;
  total: bigint;
} {
  const figures = lines.map(lineFigures);
  const subtotal = figures.reduce((s, f) => s + f.amount, 0n);
  const tax = figures.reduce((s, f) => s + f.tax, 0n);
  return { lines: figures, subtotal, tax, total: subtotal + tax };
}
