import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryableStatus, retryAfterMs, retryDelayMs } from '../src/retry-policy.js';

describe('retry policy', () => {
  it('retries 429, 5xx and a 409 idempotency_key_in_use, nothing else', () => {
    expect(isRetryableStatus(429, undefined)).toBe(true);
    expect(isRetryableStatus(500, undefined)).toBe(true);
    expect(isRetryableStatus(503, undefined)).toBe(true);
    expect(isRetryableStatus(409, 'idempotency_key_in_use')).toBe(true);
    expect(isRetryableStatus(409, 'idempotency_key_reused')).toBe(false);
    expect(isRetryableStatus(409, 'resource_conflict')).toBe(false);
    for (const status of [400, 401, 403, 404, 413, 415, 422]) {
      expect(isRetryableStatus(status, undefined)).toBe(false);
    }
  });

  it('keeps full-jitter backoff within the doubling, capped ceiling', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.double({ min: 0, max: 0.999_999, noNaN: true }), (retry, r) => {
        const delay = backoffMs(retry, () => r);
        const ceiling = Math.min(8_000, 500 * 2 ** retry);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }),
    );
    expect(backoffMs(0, () => 0.999)).toBe(499);
    expect(backoffMs(2, () => 0.5)).toBe(1_000);
    expect(backoffMs(10, () => 0.5)).toBe(4_000);
  });

  it('reads Retry-After as seconds or an HTTP date, ignoring junk', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs('2')).toBe(2_000);
    expect(retryAfterMs('1.5')).toBe(1_500);
    expect(retryAfterMs('Sun, 22 Nov 2026 10:00:03 GMT', now)).toBe(3_000);
    expect(retryAfterMs('Sun, 22 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('')).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs('3600')).toBe(3_600_000);
  });

  it('waits what Retry-After asks up to a minute, else backs off, and gives up beyond', () => {
    expect(retryDelayMs(3, '0')).toBe(0);
    expect(retryDelayMs(0, '60')).toBe(60_000);
    expect(retryDelayMs(0, '61')).toBeUndefined();
    expect(retryDelayMs(0, '3600')).toBeUndefined();
    expect(retryDelayMs(1, null, () => 0.5)).toBe(500);
    expect(retryDelayMs(1, 'garbage', () => 0.5)).toBe(500);
  });
});
