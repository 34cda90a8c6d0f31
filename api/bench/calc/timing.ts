/** Throughput of a function over a list of inputs, and A/B pairs measured in alternation. */

export interface Rate {
  perSecond: number;
  /** Medians of several rounds, so one GC pause or VM hiccup does not decide a figure. */
  rounds: number[];
}

/** Calls `fn` on the inputs in turn for at least `ms` and returns calls per second. */
function once<T>(inputs: readonly T[], fn: (input: T) => unknown, ms: number): number {
  let calls = 0;
  let sink = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (const input of inputs) {
      if (fn(input) !== undefined) sink++;
      calls++;
    }
    now = performance.now();
  }
  if (sink < 0) console.log(sink);
  return (calls * 1000) / (now - start);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Measures `a` and `b` alternately (`rounds` each, after a warm-up) and returns both rates. */
export function pair<T>(
  inputs: readonly T[],
  a: (input: T) => unknown,
  b: (input: T) => unknown,
  { rounds = 5, ms = 600 } = {},
): [Rate, Rate] {
  once(inputs, a, ms);
  once(inputs, b, ms);
  const ra: number[] = [];
  const rb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ra.push(once(inputs, a, ms));
    rb.push(once(inputs, b, ms));
  }
  return [
    { perSecond: median(ra), rounds: ra },
    { perSecond: median(rb), rounds: rb },
  ];
}
