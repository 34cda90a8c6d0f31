/**
 * A seeded generator (mulberry32) so that every run of the corpus generator draws the same
 * arguments. Drawn numbers are rounded with toFixed, which is exact and engine-independent, so
 * the arguments are short decimals that read well in the JSON.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A number in [min, max) rounded to `decimals` places. */
  num(min: number, max: number, decimals: number): number {
    return Number((min + this.next() * (max - min)).toFixed(decimals));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** A signed amount: magnitude in [min, max) with `decimals` places, negative with `pNegative`. */
  amount(min: number, max: number, decimals: number, pNegative: number): number {
    const value = this.num(min, max, decimals);
    return this.chance(pNegative) ? -value : value;
  }
}
