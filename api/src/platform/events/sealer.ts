import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema.js';
import { notifyEventsSealed } from './outbox-signal.js';
import { listenForSeals } from './sealed-listener.js';

/** How often a node looks for what a crashed process recorded but never sealed. */
export const SWEEP_INTERVAL_MS = 1000;

interface TenantQueue {
  running: boolean;
  /** Callers waiting for a seal that starts after they asked. */
  waiting: Array<() => void>;
}

/**
 * Moves a tenant's recorded events and audit entries into the sequenced log (fin_seal, see
 * the 2026120501 migration) right after the writes commit. Writes of one tenant that commit
 * while a seal runs are sealed together by the next one, so under load a tenant's head row
 * is locked once per batch, not once per write.
 *
 * `seal` resolves once a seal that started after the call has finished, so a request that
 * awaits it answers with its events already sequenced (and its webhooks queued). It never
 * rejects: the write has committed whatever happens here, and the sweep seals leftovers.
 */
export class Sealer {
  readonly #queues = new Map<string, TenantQueue>();
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;
  #logger: Logger | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  seal(tenantId: string): Promise<void> {
    let queue = this.#queues.get(tenantId);
    if (!queue) {
      queue = { running: false, waiting: [] };
      this.#queues.set(tenantId, queue);
    }
    const q = queue;
    return new Promise((resolve) => {
      q.waiting.push(resolve);
      if (q.running) return;
      q.running = true;
      // Starts after the requests that arrived meanwhile had their turn: on PGlite a
      // transaction runs to COMMIT without yielding to I/O, so sealing at once sealed every
      // write alone (2 statements per posting); a turn of the event loop later, the writes
      // of requests read in the same turn are sealed together.
      setImmediate(() => void this.#drain(tenantId, q));
    });
  }

  async #drain(tenantId: string, queue: TenantQueue): Promise<void> {
    while (queue.waiting.length > 0) {
      const batch = queue.waiting;
      queue.waiting = [];
      await this.#sealOnce(tenantId);
      for (const resolve of batch) resolve();
    }
    queue.running = false;
    this.#queues.delete(tenantId);
  }

  async #sealOnce(tenantId: string): Promise<void> {
    try {
      const result = await sql<{ events: number; deliveries: number }>`
        SELECT events, deliveries FROM fin_seal(${tenantId})`.execute(this.db);
      const sealed = result.rows[0];
      if (sealed && sealed.events > 0) notifyEventsSealed(tenantId, sealed.deliveries > 0);
    } catch (err) {
      this.#logger?.warn(
        { tenant_id: tenantId, error: (err as Error).message },
        'sealing events failed; the sweep retries',
      );
    }
  }

  /** Seals every tenant with recorded rows left, whichever process recorded them. */
  sweep(): Promise<void> {
    this.#sweeping ??= (async () => {
      try {
        const tenants = await sql<{ tenant_id: string }>`
          SELECT fin_unsealed_tenants() AS tenant_id`.execute(this.db);
        await Promise.all(tenants.rows.map((t) => this.seal(t.tenant_id)));
      } catch (err) {
        this.#logger?.warn({ error: (err as Error).message }, 'sweeping unsealed events failed');
      } finally {
        this.#sweeping = undefined;
      }
    })();
    return this.#sweeping;
  }

  /** Sweeps now and then every `intervalMs` until `stop`. */
  start(logger: Logger, intervalMs = SWEEP_INTERVAL_MS): void {
    this.#logger = logger;
    if (this.#timer) return;
    const tick = () => {
      void this.sweep().finally(() => {
        if (!this.#timer) return;
        this.#timer = setTimeout(tick, intervalMs);
        this.#timer.unref();
      });
    };
    this.#timer = setTimeout(tick, 0);
    this.#timer.unref();
  }

  /** Stops sweeping and waits for the seals in flight. */
  async stop(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#sweeping;
    while (this.#queues.size > 0) await new Promise((r) => setTimeout(r, 5));
  }
}

const sealers = new WeakMap<Kysely<Database>, Sealer>();

/** The one sealer of a database handle, so concurrent writes share its batches. */
export function sealerFor(db: Kysely<Database>): Sealer {
  let sealer = sealers.get(db);
  if (!sealer) {
    sealer = new Sealer(db);
    sealers.set(db, sealer);
  }
  return sealer;
}

/**
 * What every process serving a database runs besides its own seals: the sweep for what a
 * crashed process left, and on PostgreSQL the LISTEN that tells this process's dispatcher
 * and event streams of other processes' seals at once (PGlite is one process).
 */
export function startSealing(
  db: Kysely<Database>,
  logger: Logger,
  databaseUrl: string | undefined,
): { stop(): Promise<void> } {
  const sealer = sealerFor(db);
  sealer.start(logger);
  const seals = databaseUrl ? listenForSeals(databaseUrl, logger, notifyEventsSealed) : undefined;
  return {
    async stop() {
      await seals?.close();
      await sealer.stop();
    },
  };
}
