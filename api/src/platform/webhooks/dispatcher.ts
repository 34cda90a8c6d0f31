import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { audit, emit } from '../context.js';
import { DISPATCHER_ROLE } from '../db/migrations/2026112205_webhooks.js';
import type { Database } from '../db/schema.js';
import { onEventsCommitted } from '../events/outbox-signal.js';
import { newId } from '../ids.js';
import { asSystemInTenant } from '../tx.js';
import { EmbeddedProvider } from './embedded-provider.js';
import { toEndpoint } from './endpoints.js';
import type { WebhookProvider } from './provider.js';
import { isSuccess, nextAttemptAt } from './schedule.js';
import type { DeliveryOutcome } from './transport.js';

export type DispatcherConfig = Pick<
  Config,
  | 'FIN_WEBHOOK_ALLOW_PRIVATE'
  | 'FIN_WEBHOOK_TIMEOUT_MS'
  | 'FIN_WEBHOOK_RETRY_SCHEDULE'
  | 'FIN_WEBHOOK_DISABLE_AFTER_SECONDS'
  | 'FIN_WEBHOOK_POLL_MS'
  | 'FIN_WEBHOOK_CONCURRENCY'
>;

interface Claimed {
  tenant_id: string;
  partner_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempts: number;
  lease: string;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  live: boolean;
  payload: string;
}

const ACTOR = 'webhook_dispatcher';

/**
 * Delivers the deliveries that fin_flush queued with each event. Work is claimed in the
 * database (`FOR UPDATE SKIP LOCKED`, then a lease in `locked_until`), so any number of API
 * processes can dispatch without two sending the same attempt; a process that dies mid-way
 * loses nothing: its leases expire and another claims the work again (at least once).
 */
export class Dispatcher {
  #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #stopListening: (() => void) | undefined;
  #running = false;
  #pumping = false;
  #again = false;

  private readonly provider: WebhookProvider;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly config: DispatcherConfig,
    private readonly logger: Logger,
    provider?: WebhookProvider,
  ) {
    this.provider =
      provider ??
      new EmbeddedProvider({
        timeoutMs: config.FIN_WEBHOOK_TIMEOUT_MS,
        allowPrivate: config.FIN_WEBHOOK_ALLOW_PRIVATE,
      });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#stopListening = onEventsCommitted(() => this.poke());
    const tick = () => {
      this.poke();
      this.#timer = setTimeout(tick, this.config.FIN_WEBHOOK_POLL_MS);
      this.#timer.unref();
    };
    tick();
  }

  /** Stops claiming and waits for the deliveries in flight. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#stopListening?.();
    while (this.#pumping || this.#inFlight.size > 0) {
      await Promise.race([...this.#inFlight, new Promise((r) => setTimeout(r, 20))]);
    }
  }

  /** Claims and starts due deliveries now (coalesced while a claim is running). */
  poke(): void {
    if (!this.#running) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = true;
    void this.#pump().finally(() => {
      this.#pumping = false;
      if (this.#again) {
        this.#again = false;
        this.poke();
      }
    });
  }

  async #pump(): Promise<void> {
    while (this.#running) {
      const room = this.config.FIN_WEBHOOK_CONCURRENCY - this.#inFlight.size;
      if (room <= 0) return;
      let batch: Claimed[];
      try {
        batch = await this.#claim(room);
      } catch (err) {
        this.logger.error({ error: (err as Error).message }, 'webhook claim failed');
        return;
      }
      for (const claimed of batch) {
        const work: Promise<void> = this.#deliver(claimed)
          .catch((err: unknown) => {
            this.logger.error(
              { error: (err as Error).message, event_id: claimed.event_id },
              'webhook delivery bookkeeping failed',
            );
          })
          .finally(() => {
            this.#inFlight.delete(work);
            this.poke();
          });
        this.#inFlight.add(work);
      }
      if (batch.length < room) return;
    }
  }

  /** Leases up to `limit` due deliveries and loads what sending them needs. */
  async #claim(limit: number): Promise<Claimed[]> {
    // Twice the delivery timeout: a live process always settles before its lease ends, and
    // a dead one's work is claimed again soon after.
    const leaseMs = this.config.FIN_WEBHOOK_TIMEOUT_MS * 2;
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('role', ${DISPATCHER_ROLE}, true)`.execute(trx);
      const { rows } = await sql<Claimed>`
        WITH due AS (
          SELECT endpoint_id, event_id FROM webhook_deliveries
           WHERE status = 'pending' AND next_attempt_at <= clock_timestamp()
             AND (locked_until IS NULL OR locked_until < clock_timestamp())
           ORDER BY next_attempt_at
           LIMIT ${limit}
           FOR UPDATE SKIP LOCKED
        ), leased AS (
          UPDATE webhook_deliveries d
             SET locked_until = clock_timestamp() + make_interval(secs => ${leaseMs / 1000})
            FROM due
           WHERE d.endpoint_id = due.endpoint_id AND d.event_id = due.event_id
          RETURNING d.tenant_id, d.endpoint_id, d.event_id, d.attempts, d.locked_until
        )
        SELECT l.tenant_id, t.partner_id, l.endpoint_id, l.event_id, e.type AS event_type, l.attempts,
               l.locked_until::text AS lease,
               w.url, w.secret, w.previous_secret, w.previous_secret_expires_at, w.failing_since,
               (NOT w.disabled AND w.deleted_at IS NULL) AS live,
               json_build_object(
                 'id', e.id, 'object', 'event', 'type', e.type, 'sequence', e.sequence,
                 'created_at', to_char(e.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                 'request_id', e.request_id, 'data', e.data)::text AS payload
          FROM leased l
          JOIN webhook_endpoints w ON w.id = l.endpoint_id
          JOIN events e ON e.id = l.event_id
          JOIN tenants t ON t.id = l.tenant_id`.execute(trx);
      return rows;
    });
  }

  async #deliver(claimed: Claimed): Promise<void> {
    if (!claimed.live) {
      // Disabled or deleted since the event: the delivery fails without an attempt, and
      // `recover` can send it once the endpoint is enabled again.
      await this.#settle(claimed, { status: 'failed', next: null });
      return;
    }
    const secrets = [claimed.secret];
    if (
      claimed.previous_secret &&
      (claimed.previous_secret_expires_at?.getTime() ?? 0) > Date.now()
    ) {
      secrets.push(claimed.previous_secret);
    }
    const outcome = await this.provider.deliver({
      tenantId: claimed.tenant_id,
      endpointId: claimed.endpoint_id,
      eventId: claimed.event_id,
      eventType: claimed.event_type,
      payload: claimed.payload,
      url: claimed.url,
      secrets,
    });
    await this.#record(claimed, outcome);
  }

  async #record(claimed: Claimed, outcome: DeliveryOutcome): Promise<void> {
    const attempt = claimed.attempts + 1;
    const now = new Date();
    const status = outcome.kind === 'response' ? outcome.status : undefined;
    const succeeded = status !== undefined && isSuccess(status);
    const gone = status === 410;
    const next =
      succeeded || gone
        ? null
        : (nextAttemptAt({
            schedule: this.config.FIN_WEBHOOK_RETRY_SCHEDULE,
            attempts: attempt,
            now,
            status,
            retryAfterSeconds: outcome.kind === 'response' ? outcome.retryAfterSeconds : undefined,
          }) ?? null);
    const failingFor = claimed.failing_since ? now.getTime() - claimed.failing_since.getTime() : 0;
    const failing =
      !succeeded && failingFor >= this.config.FIN_WEBHOOK_DISABLE_AFTER_SECONDS * 1000;
    await asSystemInTenant(
      this.db,
      { partnerId: claimed.partner_id, tenantId: claimed.tenant_id },
      ACTOR,
      async (tx) => {
        await tx.trx
          .insertInto('webhook_attempts')
          .values({
            id: newId('webhookAttempt'),
            tenant_id: tx.tenantId,
            endpoint_id: claimed.endpoint_id,
            event_id: claimed.event_id,
            attempt,
            succeeded,
            response_status: status ?? null,
            response_body: outcome.kind === 'response' ? outcome.body : null,
            error: outcome.kind === 'error' ? outcome.error : null,
            duration_ms: Math.round(outcome.durationMs),
            next_retry_at: next,
          })
          .execute();
        await this.#updateDelivery(tx.trx, claimed, {
          status: succeeded ? 'succeeded' : next ? 'pending' : 'failed',
          next,
          attempt,
        });
        if (succeeded && claimed.failing_since) {
          await tx.trx
            .updateTable('webhook_endpoints')
            .set({ failing_since: null })
            .where('tenant_id', '=', tx.tenantId)
            .where('id', '=', claimed.endpoint_id)
            .execute();
        } else if (!succeeded && (gone || failing)) {
          const row = await tx.trx
            .updateTable('webhook_endpoints')
            .set({ disabled: true, disabled_reason: gone ? 'gone' : 'failing', updated_at: now })
            .where('tenant_id', '=', tx.tenantId)
            .where('id', '=', claimed.endpoint_id)
            .where('disabled', '=', false)
            .returning([
              'id',
              'url',
              'description',
              'enabled_events',
              'disabled',
              'disabled_reason',
              'metadata',
              'created_at',
            ])
            .executeTakeFirst();
          if (row) {
            emit(tx, 'webhook_endpoint.disabled', toEndpoint(row));
            audit(tx, 'webhook_endpoint.disable', 'webhook_endpoint', row.id);
          }
        } else if (!succeeded && !claimed.failing_since) {
          await tx.trx
            .updateTable('webhook_endpoints')
            .set({ failing_since: now })
            .where('tenant_id', '=', tx.tenantId)
            .where('id', '=', claimed.endpoint_id)
            .where('failing_since', 'is', null)
            .execute();
        }
      },
    );
  }

  async #settle(claimed: Claimed, change: { status: 'failed'; next: null }): Promise<void> {
    await asSystemInTenant(
      this.db,
      { partnerId: claimed.partner_id, tenantId: claimed.tenant_id },
      ACTOR,
      (tx) => this.#updateDelivery(tx.trx, claimed, { ...change, attempt: claimed.attempts }),
    );
  }

  /** Writes the outcome only if this process still holds the lease (else it expired and
   * another process owns the delivery now). */
  async #updateDelivery(
    trx: Kysely<Database>,
    claimed: Claimed,
    change: { status: 'pending' | 'succeeded' | 'failed'; next: Date | null; attempt: number },
  ): Promise<void> {
    await trx
      .updateTable('webhook_deliveries')
      .set({
        status: change.status,
        attempts: change.attempt,
        next_attempt_at: change.next,
        last_attempt_at: new Date(),
        locked_until: null,
      })
      .where('tenant_id', '=', claimed.tenant_id)
      .where('endpoint_id', '=', claimed.endpoint_id)
      .where('event_id', '=', claimed.event_id)
      .where(sql<boolean>`locked_until = ${claimed.lease}::timestamptz`)
      .execute();
  }
}
