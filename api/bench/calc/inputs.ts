/** Seeded inputs shared by both sides of every comparison, so each pair does the same work. */

/** mulberry32: a tiny deterministic PRNG (the figures must not depend on Math.random). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface PmtInput {
  rate: number;
  nper: number;
  pv: number;
  fv: number;
  type: 0 | 1;
}

export function pmtInputs(count: number): PmtInput[] {
  const r = prng(1);
  return Array.from({ length: count }, () => ({
    rate: Math.round((0.001 + r() * 0.02) * 1e6) / 1e6,
    nper: 12 + Math.floor(r() * 349),
    pv: Math.round(1000 + r() * 500_000),
    fv: r() < 0.2 ? Math.round(r() * 10_000) : 0,
    type: r() < 0.3 ? 1 : 0,
  }));
}

export interface XirrInput {
  values: number[];
  /** Excel date serials, ascending from the first. */
  dates: number[];
}

/** 50 flows: an investment, then mostly inflows at irregular dates over ~4 years. */
export function xirrInputs(count: number, flows = 50): XirrInput[] {
  const r = prng(2);
  return Array.from({ length: count }, () => {
    const values = [-Math.round(50_000 + r() * 100_000)];
    const dates = [45_000 + Math.floor(r() * 1_000)];
    for (let i = 1; i < flows; i++) {
      values.push(Math.round((r() < 0.1 ? -1 : 1) * (1_000 + r() * 5_000)));
      dates.push((dates[i - 1] ?? 0) + 10 + Math.floor(r() * 40));
    }
    return { values, dates };
  });
}

export interface LoanInput {
  principal: number;
  annualRate: number;
  periods: number;
}

export function loanInputs(count: number): LoanInput[] {
  const r = prng(3);
  return Array.from({ length: count }, () => ({
    principal: Math.round(50_000 + r() * 900_000),
    annualRate: Math.round((0.02 + r() * 0.08) * 1e4) / 1e4,
    periods: 360,
  }));
}
