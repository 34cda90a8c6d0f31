import type { FinACEverse } from '@finaceverse/sdk';

/**
 * Customer names for display, looked up by id at most once each. Lookups are best effort:
 * a failure (e.g. a token without `customers:read`) leaves the id shown instead.
 */
export class CustomerNames {
  readonly #names = new Map<string, string>();
  readonly #pending = new Set<string>();
  #denied = false;

  /** The name of `id`, once known. */
  get(id: string): string | undefined {
    return this.#names.get(id);
  }

  /** Looks up the ids not known yet; resolves true when at least one name was added. */
  async resolve(client: FinACEverse, ids: Iterable<string>, signal: AbortSignal): Promise<boolean> {
    if (this.#denied) return false;
    const missing = [...new Set(ids)].filter(
      (id) => !this.#names.has(id) && !this.#pending.has(id),
    );
    if (missing.length === 0) return false;
    for (const id of missing) this.#pending.add(id);
    const results = await Promise.allSettled(
      missing.map((id) => client.customers.retrieve(id, { signal, maxRetries: 0 })),
    );
    let added = false;
    results.forEach((result, i) => {
      const id = missing[i] as string;
      this.#pending.delete(id);
      if (result.status === 'fulfilled') {
        this.#names.set(id, result.value.name);
        added = true;
      } else if ((result.reason as { status?: unknown })?.status === 403) {
        this.#denied = true;
      }
    });
    return added;
  }
}
