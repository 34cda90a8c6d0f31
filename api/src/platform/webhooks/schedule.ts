/**
 * When to try a failed delivery again. `schedule[i]` is the delay in seconds before attempt
 * i + 2 (the first retry follows the first attempt). Delays carry ±10 % jitter so that
 * endpoints recovering from an outage are not hit by every retry at the same instant, and a
 * longer `Retry-After` (sent with 429 or 503) is honoured.
 */
export function nextAttemptAt(options: {
  schedule: readonly number[];
  /** Attempts made so far, the one that just failed included. */
  attempts: number;
  now: Date;
  status: number | undefined;
  retryAfterSeconds: number | undefined;
  random?: () => number;
}): Date | undefined {
  const base = options.schedule[options.attempts - 1];
  if (base === undefined) return undefined;
  const jitter = 1 + ((options.random ?? Math.random)() * 2 - 1) * 0.1;
  let delay = base * jitter;
  const honoursRetryAfter = options.status === 429 || options.status === 503;
  if (honoursRetryAfter && options.retryAfterSeconds !== undefined) {
    delay = Math.max(delay, options.retryAfterSeconds);
  }
  return new Date(options.now.getTime() + Math.round(delay * 1000));
}

/** 2xx within the timeout is success; anything else, redirects included, is a failure. */
export const isSuccess = (status: number) => status >= 200 && status < 300;
