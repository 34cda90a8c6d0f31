import type { Core, RequestOptions } from '../core.js';
import { listAuditLogs, verifyAuditLogs } from '../generated/sdk.gen.js';
import type { AuditLog, AuditLogVerification, ListAuditLogsData } from '../generated/types.gen.js';
import type { ListPromise } from '../pagination.js';

/**
 * Parameters of `fin.auditLogs.list()`: cursors plus an optional `object_id`.
 *
 * @example
 * ```ts
 * const params: AuditLogListParams = { object_id: 'inv_01jd8x2q3m4n5p6r7s8t9v0w1x' };
 * ```
 */
export type AuditLogListParams = NonNullable<ListAuditLogsData['query']>;

/**
 * The tamper-evident audit log: every write, hash-chained. Needs a manager key or above.
 *
 * @example
 * ```ts
 * const { valid } = await fin.auditLogs.verify();
 * ```
 */
export class AuditLogs {
  readonly #core: Core;

  constructor(core: Core) {
    this.#core = core;
  }

  /**
   * Lists audit entries, newest first.
   *
   * @example
   * ```ts
   * for await (const entry of fin.auditLogs.list({ object_id: invoice.id })) console.log(entry.action);
   * ```
   */
  list(params: AuditLogListParams = {}, options?: RequestOptions): ListPromise<AuditLog> {
    return this.#core.list(params, options, (query, call) => listAuditLogs({ ...call, query }));
  }

  /**
   * Recomputes the hash chain from the first entry and reports the first broken link.
   *
   * @example
   * ```ts
   * const check = await fin.auditLogs.verify();
   * if (!check.valid) console.error(check.first_broken);
   * ```
   */
  verify(options?: RequestOptions): Promise<AuditLogVerification> {
    return this.#core.request(options, (call) => verifyAuditLogs({ ...call }));
  }
}
