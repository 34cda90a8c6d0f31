import type { Core, IdempotentRequestOptions, RequestOptions } from '../core.js';
import {
  createJournalEntry,
  listJournalEntries,
  retrieveJournalEntry,
  reverseJournalEntry,
} from '../generated/sdk.gen.js';
import type {
  CreateJournalEntryRequest,
  JournalEntry,
  ListJournalEntriesData,
  ReverseJournalEntryRequest,
} from '../generated/types.gen.js';
import type { ListPromise } from '../pagination.js';

/**
 * Parameters of `fin.journalEntries.list()`.
 *
 * @example
 * ```ts
 * const params: JournalEntryListParams = { limit: 50 };
 * ```
 */
export type JournalEntryListParams = NonNullable<ListJournalEntriesData['query']>;

/**
 * Double-entry journal entries. Posted entries are immutable: correct them by reversing.
 *
 * @example
 * ```ts
 * const entry = await fin.journalEntries.create({
 *   date: '2026-11-22',
 *   lines: [
 *     { account_id: bank.id, direction: 'debit', amount: 10_000 },
 *     { account_id: equity.id, direction: 'credit', amount: 10_000 },
 *   ],
 * });
 * ```
 */
export class JournalEntries {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Posts an entry. Debits must equal credits per currency, or it fails with an
   * `InvalidRequestError` of code `unbalanced_entry` and param `lines`.
   *
   * @example
   * ```ts
   * await fin.journalEntries.create({
   *   date: '2026-11-22',
   *   description: 'Office rent',
   *   lines: [
   *     { account_id: expenses.id, direction: 'debit', amount: 120_000 },
   *     { account_id: bank.id, direction: 'credit', amount: 120_000 },
   *   ],
   * });
   * ```
   */
  create(
    params: CreateJournalEntryRequest,
    options?: IdempotentRequestOptions,
  ): Promise<JournalEntry> {
    return this.#core.request(options, (call) => createJournalEntry({ ...call, body: params }));
  }

  /**
   * Lists entries, newest first.
   *
   * @example
   * ```ts
   * const entries = await fin.journalEntries.list().toArray({ limit: 1000 });
   * ```
   */
  list(params: JournalEntryListParams = {}, options?: RequestOptions): ListPromise<JournalEntry> {
    return this.#core.list(params, options, (query, call) =>
      listJournalEntries({ ...call, query }),
    );
  }

  /**
   * Retrieves an entry with its lines.
   *
   * @example
   * ```ts
   * const entry = await fin.journalEntries.retrieve('je_01jd8x2q3m4n5p6r7s8t9v0w1x');
   * ```
   */
  retrieve(id: string, options?: RequestOptions): Promise<JournalEntry> {
    return this.#core.request(options, (call) => retrieveJournalEntry({ ...call, path: { id } }));
  }

  /**
   * Posts the mirror image of an entry and links the two (`reverses` / `reversed_by`).
   * Returns the new, reversing entry.
   *
   * @example
   * ```ts
   * const reversal = await fin.journalEntries.reverse(entry.id, { date: '2026-11-30' });
   * ```
   */
  reverse(
    id: string,
    params: ReverseJournalEntryRequest = {},
    options?: IdempotentRequestOptions,
  ): Promise<JournalEntry> {
    return this.#core.request(options, (call) =>
      reverseJournalEntry({ ...call, path: { id }, body: params }),
    );
  }
}
