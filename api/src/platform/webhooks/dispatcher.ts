import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { withConnection } from '../db/driver.js';
import { DISPATCHER_ROLE } from '../db/migrations/2026112205_webhooks.js';
import type { Database } from '../db/schema.js';
import { toEvent } from '../events/events.routes.js';
import { onEventsSealed } from '../events/outbox-signal.js';
import { EmbeddedProvider } from './embedded-provider.js';
import { type ClaimedDelivery, OutcomeRecorder } from './outcomes.js';
import type { WebhookProvider } from './provider.js';

export type DispatcherConfig = Pick<
  Config,
  | 'FIN_WEBHOOK_ALLOW_PRIVATE'
  | 'FIN_WEBHOOK_TIMEOUT_MS'
  | 'FIN_WEBHOOK_RETRY_SCHEDULE'
  | 'FIN_WEBHOOK_DISABLE_AFTER_SECONDS'
  | 'FIN_WEBHOOK_POLL_MS'
  | 'FIN_WEBHOOK_CONCURRENCY'
>;

interface Claimed extends ClaimedDelivery {
  event_type: string;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  live: boolean;
  redelivery: boolean;
  sequence: string;
  created_at: Date;
  request_id: string | null;
  data: { object: unknown };
}

/**
 * Delivers the deliveries that fin_seal queued with each event as it sealed it. Work is claimed in the
 * database (`FOR UPDATE SKIP LOCKED`, then a lease in `locked_until`), so any number of API
 * processes can dispatch without two sending the same attempt; a process that dies mid-way
 * loses nothing: its leases expire and another claims the work again (at least once).
 */
const QUIET_AFTER_EMPTY_MS = 10;

export class Dispatcher {
  #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #stopListening: (() => void) | undefined;
  #running = false;
  #pumping = false;
  /** After an empty claim, pokes wait until then: commits in tenants without endpoints
   * would otherwise cost a claim each. */
  #quietUntil = 0;
  #deferred: NodeJS.Timeout | undefined;
  #again = false;

  private readonly provider: WebhookProvider;
  readonly #recorder: OutcomeRecorder;

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
    // Best effort: the endpoint is disabled here already; a provider that missed it is
    // logged, and the next change to the endpoint mirrors its state again.
    this.#recorder = new OutcomeRecorder(db, config, (tenantId, endpoint) =>
      this.provider.endpointUpdated(tenantId, endpoint).catch((err: unknown) => {
        this.logger.warn(
          { endpoint_id: endpoint.id, error: (err as Error).message },
          'webhook provider missed a disabled endpoint',
        );
      }),
    );
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    // Only seals that queued deliveries: writes in tenants without endpoints cost no claim.
    this.#stopListening = onEventsSealed((_, deliveries) => {
      if (deliveries) this.poke();
    });
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
    clearTimeout(this.#deferred);
    this.#stopListening?.();
    while (this.#pumping || this.#inFlight.size > 0) {
      await Promise.race([...this.#inFlight, new Promise((r) => setTimeout(r, 20))]);
    }
  }

  /** Claims and starts due deliveries now (coalesced while a claim is running). */
  poke(): void {
    if (!this.#running) return;
    const wait = this.#quietUntil - Date.now();
    if (wait > 0) {
      // Just found nothing: one claim at the end of the pause covers every poke in it.
      this.#deferred ??= setTimeout(() => {
        this.#deferred = undefined;
        this.poke();
      }, wait);
      return;
    }
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
      // Claim in batches: a claim per finished delivery would cost a round trip each.
      const batchMin = Math.max(1, Math.floor(this.config.FIN_WEBHOOK_CONCURRENCY / 4));
      if (room <= 0 || (room < batchMin && this.#inFlight.size > 0)) return;
      let batch: Claimed[];
      try {
        batch = await this.#claim(room);
        if (batch.length === 0) this.#quietUntil = Date.now() + QUIET_AFTER_EMPTY_MS;
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
    // One statement, so one implicit transaction: the role and the claim travel together.
    return withConnection(this.db, async (conn) => {
      const trx = conn.db;
      conn.wrapEach([`SELECT set_config('role', '${DISPATCHER_ROLE}', true)`], []);
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
          RETURNING d.tenant_id, d.endpoint_id, d.event_id, d.attempts, d.locked_until, d.redelivery
        )
        SELECT l.tenant_id, t.partner_id, l.endpoint_id, l.event_id, e.type AS event_type, l.attempts, l.redelivery,
               l.locked_until::text AS lease,
               w.url, w.secret, w.previous_secret, w.previous_secret_expires_at, w.failing_since,
               (NOT w.disabled AND w.deleted_at IS NULL) AS live,
               e.sequence, e.created_at, e.request_id, e.data
          FROM leased l
          JOIN webhook_endpoints w ON w.id = l.endpoint_id AND w.tenant_id = l.tenant_id
          JOIN events e ON e.id = l.event_id AND e.tenant_id = l.tenant_id
          JOIN tenants t ON t.id = l.tenant_id`
        .execute(trx)
        .finally(() => conn.unwrap());
      return rows;
    });
  }

  async #deliver(claimed: Claimed): Promise<void> {
    if (!claimed.live) {
      // Disabled or deleted since the event: the delivery fails without an attempt, and
      // `recover` can send it once the endpoint is enabled again.
      await this.#recorder.record(claimed, undefined);
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
      // Exactly what GET /v1/events/{id} answers.
      payload: JSON.stringify(
        toEvent({
          id: claimed.event_id,
          type: claimed.event_type,
          sequence: claimed.sequence,
          created_at: claimed.created_at,
          request_id: claimed.request_id,
          data: claimed.data,
        }),
      ),
      url: claimed.url,
      secrets,
      redelivery: claimed.redelivery,
    });
    await this.#recorder.record(claimed, outcome);
  }
}
