import type { Auth } from '../context.js';

/**
 * What a key resolves to — its kind, id, partner, tenant and role — never changes once the
 * key exists, so each node keeps recent resolutions and skips a round trip per request.
 * Revocation, the one thing that does change, is re-checked in every request's own
 * transaction (fin_begin), so it still takes effect at once on every node.
 */
export class KeyCache {
  readonly #entries = new Map<string, { auth: Auth; expires: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 300_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(cacheKey: string): Auth | undefined {
    const entry = this.#entries.get(cacheKey);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.#entries.delete(cacheKey);
      return undefined;
    }
    return entry.auth;
  }

  set(cacheKey: string, auth: Auth): void {
    // Map keeps insertion order: dropping the first entry evicts the oldest.
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(cacheKey, { auth, expires: this.now() + this.ttlMs });
  }

  /** Forgets every resolution of a key (called when the database says it is revoked). */
  evictKey(keyId: string): void {
    for (const [k, v] of this.#entries) if (v.auth.keyId === keyId) this.#entries.delete(k);
  }

  get size(): number {
    return this.#entries.size;
  }
}
