import { type Kysely, sql } from 'kysely';
import { audit, emit, later, type TenantTx } from '../context.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';
import { asSystemInTenant } from '../tx.js';
import type { DispatcherConfig } from './dispatcher.js';
import { endpointColumns, toEndpoint, type WebhookEndpoint } from './endpoints.js';
import { isSuccess, nextAttemptAt } from './schedule.js';
import type { DeliveryOutcome } from './transport.js';

/** What recording an attempt needs to know of the delivery it was for. */
export interface ClaimedDelivery {
  tenant_id: string;
  partner_id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  /** The lease this process holds (`locked_until` as text): the write is fenced on it. */
  lease: string;
  failing_since: Date | null;
}

interface Decision {
  attempt: number;
  succeeded: boolean;
  status: 'pending' | 'succeeded' | 'failed';
  next: Date | null;
  /** Disable the endpoint: it answered 410, or has failed every attempt for too long. */
  disable: 'gone' | 'failing' | undefined;
}

export function decide(
  claimed: ClaimedDelivery,
  outcome: DeliveryOutcome,
  config: DispatcherConfig,
  now: Date,
): Decision {
  const attempt = claimed.attempts + 1;
  const httpStatus = outcome.kind === 'response' ? outcome.status : undefined;
  const succeeded = httpStatus !== undefined && isSuccess(httpStatus);
  const gone = httpStatus === 410;
  const next =
    succeeded || gone
      ? null
      : (nextAttemptAt({
          schedule: config.FIN_WEBHOOK_RETRY_SCHEDULE,
          attempts: attempt,
          now,
          status: httpStatus,
          retryAfterSeconds: outcome.kind === 'response' ? outcome.retryAfterSeconds : undefined,
        }) ?? null);
  const failingFor = claimed.failing_since ? now.getTime() - claimed.failing_since.getTime() : 0;
  const tooLong = failingFor >= config.FIN_WEBHOOK_DISABLE_AFTER_SECONDS * 1000;
  return {
    attempt,
    succeeded,
    status: succeeded ? 'succeeded' : next ? 'pending' : 'failed',
    next,
    disable: succeeded ? undefined : gone ? 'gone' : tooLong ? 'failing' : undefined,
  };
}

interface Pending {
  claimed: ClaimedDelivery;
  /** Undefined: the delivery failed without an attempt (endpoint disabled meanwhile). */
  outcome: DeliveryOutcome | undefined;
  at: Date;
  done: () => void;
  failed: (err: unknown) => void;
}

const ACTOR = 'webhook_dispatcher';

/**
 * Writes attempt outcomes in batches: one transaction per tenant for everything that
 * finished while the previous batch was being written, sent as one message (the writes
 * are deferred to COMMIT). Per delivery that is a fraction of a round trip instead of three.
 */
export class OutcomeRecorder {
  #pending: Pending[] = [];
  #writing: Promise<void> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: DispatcherConfig,
    /** Told of endpoints disabled here, after commit (Svix must stop sending too). */
    private readonly onDisabled: (tenantId: string, endpoint: WebhookEndpoint) => Promise<void>,
  ) {}

  record(claimed: ClaimedDelivery, outcome: DeliveryOutcome | undefined): Promise<void> {
    return new Promise((done, failed) => {
      this.#pending.push({ claimed, outcome, at: new Date(), done, failed });
      this.#writing ??= this.#drain().finally(() => {
        this.#writing = undefined;
      });
    });
  }

  async #drain(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      const byTenant = new Map<string, Pending[]>();
      for (const p of batch) {
        const group = byTenant.get(p.claimed.tenant_id);
        if (group) group.push(p);
        else byTenant.set(p.claimed.tenant_id, [p]);
      }
      await Promise.all(
        [...byTenant.values()].map(async (items) => {
          try {
            await this.#write(items);
            for (const item of items) item.done();
          } catch (err) {
            if (items.length === 1) {
              items[0]!.failed(err);
              return;
            }
            // One bad outcome must not hold back the tenant's others: write each alone.
            for (const item of items) {
              await this.#write([item]).then(item.done, item.failed);
            }
          }
        }),
      );
    }
  }

  async #write(items: Pending[]): Promise<void> {
    const first = items[0]!.claimed;
    const disabled: WebhookEndpoint[] = [];
    await asSystemInTenant(
      this.db,
      { partnerId: first.partner_id, tenantId: first.tenant_id },
      ACTOR,
      async (tx) => {
        const rows: OutcomeRow[] = [];
        for (const { claimed, outcome, at } of items) {
          if (!outcome) {
            rows.push(outcomeRow(claimed, { status: 'failed', next: null }, claimed.attempts, at));
            continue;
          }
          const d = decide(claimed, outcome, this.config, at);
          rows.push({ ...outcomeRow(claimed, d, d.attempt, at), ...attemptFields(outcome, d) });
          const off = await this.#endpointState(tx, claimed, d, at);
          if (off) disabled.push(off);
        }
        later(tx, fencedOutcomes(tx, rows));
      },
    );
    for (const endpoint of disabled) await this.onDisabled(first.tenant_id, endpoint);
  }

  /** Failing since when, or disabled: the endpoint's side of an outcome. */
  async #endpointState(
    tx: TenantTx,
    claimed: ClaimedDelivery,
    d: Decision,
    at: Date,
  ): Promise<WebhookEndpoint | undefined> {
    const endpoint = () =>
      tx.trx
        .updateTable('webhook_endpoints')
        .where('tenant_id', '=', tx.tenantId)
        .where('id', '=', claimed.endpoint_id);
    if (d.succeeded && claimed.failing_since) {
      later(tx, endpoint().set({ failing_since: null }));
    } else if (d.disable) {
      const row = await endpoint()
        .set({ disabled: true, disabled_reason: d.disable, updated_at: at })
        .where('disabled', '=', false)
        .returning(endpointColumns)
        .executeTakeFirst();
      if (row) {
        const endpoint = toEndpoint(row);
        emit(tx, 'webhook_endpoint.disabled', endpoint);
        audit(tx, 'webhook_endpoint.disable', 'webhook_endpoint', row.id);
        return endpoint;
      }
    } else if (!d.succeeded && !claimed.failing_since) {
      later(tx, endpoint().set({ failing_since: at }).where('failing_since', 'is', null));
    }
    return undefined;
  }
}

/** One delivery's new state and, when it was attempted, the attempt's record. */
interface OutcomeRow {
  endpoint_id: string;
  event_id: string;
  lease: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next: Date | null;
  at: Date;
  /** Absent: no attempt was made (the endpoint was disabled meanwhile). */
  attempt_id?: string;
  succeeded?: boolean;
  response_status?: number | null;
  response_body?: string | null;
  error?: string | null;
  duration_ms?: number;
}

function outcomeRow(
  claimed: ClaimedDelivery,
  change: { status: 'pending' | 'succeeded' | 'failed'; next: Date | null },
  attempts: number,
  at: Date,
): OutcomeRow {
  return {
    endpoint_id: claimed.endpoint_id,
    event_id: claimed.event_id,
    lease: claimed.lease,
    status: change.status,
    attempts,
    next: change.next,
    at,
  };
}

function attemptFields(outcome: DeliveryOutcome, d: Decision) {
  return {
    attempt_id: newId('webhookAttempt'),
    succeeded: d.succeeded,
    response_status: outcome.kind === 'response' ? outcome.status : null,
    // PostgreSQL text cannot hold NUL, and a receiver's body may.
    response_body: outcome.kind === 'response' ? outcome.body.replace(/\0/g, '\uFFFD') : null,
    error: outcome.kind === 'error' ? outcome.error : null,
    duration_ms: Math.round(outcome.durationMs),
  };
}

/**
 * Every outcome of a batch in one statement: each delivery's new state, and the attempt's
 * record, both only where this process still holds the lease: a process whose lease expired
 * (another one claimed the delivery since) records nothing, so no attempt is counted twice.
 * One statement with the rows as one JSON value, instead of one per outcome: the batch's
 * cost to plan and run no longer grows by a statement per delivery.
 */
function fencedOutcomes(tx: TenantTx, rows: OutcomeRow[]) {
  return sql`
    WITH input AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(
        endpoint_id text, event_id text, lease timestamptz, status text, attempts int,
        next timestamptz, at timestamptz, attempt_id text, succeeded boolean,
        response_status int, response_body text, error text, duration_ms int)
    ), fenced AS (
      UPDATE webhook_deliveries d
         SET status = i.status, attempts = i.attempts, next_attempt_at = i.next,
             last_attempt_at = i.at, locked_until = NULL
        FROM input i
       WHERE d.tenant_id = ${tx.tenantId} AND d.endpoint_id = i.endpoint_id
         AND d.event_id = i.event_id AND d.locked_until = i.lease
      RETURNING d.endpoint_id, d.event_id
    )
    INSERT INTO webhook_attempts (id, tenant_id, endpoint_id, event_id, attempt, succeeded,
                                  response_status, response_body, error, duration_ms,
                                  next_retry_at, created_at)
    SELECT i.attempt_id, ${tx.tenantId}, i.endpoint_id, i.event_id, i.attempts, i.succeeded,
           i.response_status, i.response_body, i.error, i.duration_ms, i.next, i.at
      FROM input i
      JOIN fenced f ON f.endpoint_id = i.endpoint_id AND f.event_id = i.event_id
     WHERE i.attempt_id IS NOT NULL`.compile(tx.trx);
}
