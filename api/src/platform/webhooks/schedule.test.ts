import { describe, expect, it } from 'vitest';
import { isSuccess, nextAttemptAt } from './schedule.js';

const now = new Date('2026-11-22T00:00:00Z');
const schedule = [5, 300, 1800];
const delayOf = (at: Date | undefined) => (at ? (at.getTime() - now.getTime()) / 1000 : undefined);

describe('retry schedule', () => {
  it('waits the scheduled delay after each failed attempt, within ±10 % jitter', () => {
    for (const [attempts, base] of [
      [1, 5],
      [2, 300],
      [3, 1800],
    ] as const) {
      const low = nextAttemptAt({
        schedule,
        attempts,
        now,
        status: 500,
        retryAfterSeconds: undefined,
        random: () => 0,
      });
      const high = nextAttemptAt({
        schedule,
        attempts,
        now,
        status: 500,
        retryAfterSeconds: undefined,
        random: () => 0.999999,
      });
      expect(delayOf(low)).toBeCloseTo(base * 0.9, 2);
      expect(delayOf(high)).toBeCloseTo(base * 1.1, 2);
    }
  });

  it('gives up after the last scheduled retry', () => {
    expect(
      nextAttemptAt({ schedule, attempts: 4, now, status: 500, retryAfterSeconds: undefined }),
    ).toBeUndefined();
  });

  it('honours a longer Retry-After on 429 and 503 only', () => {
    const at = (status: number, retryAfterSeconds: number) =>
      delayOf(
        nextAttemptAt({ schedule, attempts: 1, now, status, retryAfterSeconds, random: () => 0.5 }),
      );
    expect(at(429, 60)).toBe(60);
    expect(at(503, 60)).toBe(60);
    expect(at(500, 60)).toBe(5);
    expect(at(429, 1)).toBe(5); // shorter than the schedule: the schedule wins
  });

  it('counts only 2xx as success: redirects are failures', () => {
    expect([200, 204, 299].every(isSuccess)).toBe(true);
    expect([199, 301, 302, 304, 400, 410, 500].some(isSuccess)).toBe(false);
  });
});
