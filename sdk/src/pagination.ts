/**
 * One page of a list endpoint, newest first.
 *
 * @example
 * ```ts
 * const page: List<Customer> = await fin.customers.list({ limit: 10 });
 * if (page.has_more) console.log('more after', page.data.at(-1)?.id);
 * ```
 */
export interface List<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/**
 * The cursor parameters every list endpoint takes.
 *
 * @example
 * ```ts
 * const params: ListParams = { limit: 50, starting_after: 'cus_01jd8x2q3m4n5p6r7s8t9v0w1x' };
 * ```
 */
export interface ListParams {
  /** Objects per page, 1 to 100 (default 10). */
  limit?: number;
  /** Cursor: return the objects created before this id. */
  starting_after?: string;
  /** Cursor: return the objects created after this id. */
  ending_before?: string;
}

/**
 * Where a page starts.
 *
 * @example
 * ```ts
 * const next: Cursor = { starting_after: page.data.at(-1)?.id };
 * ```
 */
export type Cursor = Pick<ListParams, 'starting_after' | 'ending_before'>;

/**
 * Fetches the page at `cursor`, with every other list parameter already applied.
 *
 * @example
 * ```ts
 * const fetchPage: PageFetcher<Customer> = (cursor) => fin.customers.list({ limit: 50, ...cursor });
 * ```
 */
export type PageFetcher<T> = (cursor: Cursor) => Promise<List<T>>;

/**
 * The result of every `list()` call: await it for the first page, or iterate it with
 * `for await` to walk every object across pages (`starting_after` = the last id seen, while
 * `has_more`). With `ending_before` it walks towards newer objects instead, oldest first.
 * Nothing is requested until it is awaited or iterated; the first page is fetched once.
 *
 * @example
 * ```ts
 * const page = await fin.customers.list({ limit: 10 }); // one page
 * for await (const customer of fin.customers.list({ limit: 100 })) {
 *   console.log(customer.id); // every customer
 * }
 * const first250 = await fin.customers.list().toArray({ limit: 250 });
 * ```
 */
export class ListPromise<T extends { id: string }> implements Promise<List<T>>, AsyncIterable<T> {
  readonly [Symbol.toStringTag] = 'ListPromise';
  readonly #fetchPage: PageFetcher<T>;
  readonly #start: Cursor;
  #firstPage: Promise<List<T>> | undefined;

  constructor(fetchPage: PageFetcher<T>, start: Cursor = {}) {
    this.#fetchPage = fetchPage;
    this.#start = start;
  }

  #first(): Promise<List<T>> {
    this.#firstPage ??= this.#fetchPage(this.#start);
    return this.#firstPage;
  }

  // biome-ignore lint/suspicious/noThenProperty: being awaitable is this class's purpose.
  then<R1 = List<T>, R2 = never>(
    onfulfilled?: ((value: List<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#first().then(onfulfilled, onrejected);
  }

  catch<R = never>(
    onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null,
  ): Promise<List<T> | R> {
    return this.#first().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<List<T>> {
    return this.#first().finally(onfinally);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const backwards = this.#start.ending_before !== undefined;
    let page = await this.#first();
    for (;;) {
      yield* backwards ? [...page.data].reverse() : page.data;
      const edge = backwards ? page.data[0] : page.data.at(-1);
      if (!page.has_more || edge === undefined) return;
      page = await this.#fetchPage(
        backwards ? { ending_before: edge.id } : { starting_after: edge.id },
      );
    }
  }

  /**
   * Collects objects across pages, stopping after `limit` of them.
   *
   * @example
   * ```ts
   * const recent = await fin.invoices.list({ status: 'open' }).toArray({ limit: 500 });
   * ```
   */
  async toArray(options: { limit: number }): Promise<T[]> {
    const items: T[] = [];
    if (options.limit <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= options.limit) break;
    }
    return items;
  }
}
