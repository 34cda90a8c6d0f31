import type { Redis } from 'ioredis';

export interface BucketSpec {
  /** Tokens added per second. */
  rate: number;
  /** Bucket capacity. */
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one token is available (0 when allowed). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** In-process limiters answer synchronously: every request takes two tokens. */
  take(key: string, spec: BucketSpec): TakeResult | Promise<TakeResult>;
  close(): Promise<void>;
}

function settle(tokens: number, spec: BucketSpec, allowed: boolean): TakeResult {
  const remaining = Math.max(0, Math.floor(tokens));
  return {
    allowed,
    limit: spec.burst,
    remaining,
    resetSeconds: Math.ceil((spec.burst - tokens) / spec.rate),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / spec.rate)),
  };
}

/** In-process token buckets: the embedded default, exact for a single API node. */
export class MemoryRateLimiter implements RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  take(key: string, spec: BucketSpec): TakeResult {
    const at = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: spec.burst, at };
    bucket.tokens = Math.min(spec.burst, bucket.tokens + ((at - bucket.at) / 1000) * spec.rate);
    bucket.at = at;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 100_000) this.#evictFull(at, spec);
    return settle(bucket.tokens, spec, allowed);
  }

  #evictFull(at: number, spec: BucketSpec): void {
    for (const [k, b] of this.#buckets) {
      if (b.tokens + ((at - b.at) / 1000) * spec.rate >= spec.burst) this.#buckets.delete(k);
    }
  }

  async close(): Promise<void> {}
}

// One atomic refill-and-take per call, so every API node shares the same buckets.
const takeScript = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + ((now - at) / 1000) * rate)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return { allowed, tostring(tokens) }
`;

/** Token buckets in Redis (REDIS_URL): shared by every API node. */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: Redis) {
    redis.defineCommand('finTakeToken', { numberOfKeys: 1, lua: takeScript });
  }

  async take(key: string, spec: BucketSpec): Promise<TakeResult> {
    const cmd = (
      this.redis as unknown as Record<string, (...a: unknown[]) => Promise<[number, string]>>
    ).finTakeToken;
    if (!cmd) throw new Error('finTakeToken command missing');
    const [allowed, tokens] = await cmd.call(this.redis, `fin:rl:${key}`, spec.rate, spec.burst);
    return settle(Number(tokens), spec, allowed === 1);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
