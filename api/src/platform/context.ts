import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { KeyCache } from './auth/key-cache.js';
import type { Permission, Role } from './auth/roles.js';
import type { Database } from './db/schema.js';
import type { EventType } from './events/event-types.js';
import type { RateLimiter } from './rate-limit.js';
import type { WebhookProvider } from './webhooks/provider.js';

export interface Auth {
  kind: 'partner' | 'tenant' | 'embed';
  keyId: string;
  partnerId: string;
  /** The tenant this request acts in: the key's own, or the partner's `Fin-Tenant`. */
  tenantId: string | null;
  role: Role;
  /** Embed tokens only: what the token may do (write implies read), from which origins, until when. */
  embed?: EmbedGrant;
}

export interface EmbedGrant {
  scopes: readonly Permission[];
  /** Empty: any origin. */
  allowedOrigins: readonly string[];
  /** Epoch milliseconds. */
  expiresAt: number;
}

export interface Deps {
  db: Kysely<Database>;
  /** Mirrors endpoint changes to the webhook provider (Svix); absent: nothing to mirror. */
  webhooks?: WebhookProvider;
  /** Resolves a hostname to its addresses; tests inject one (webhook URL checks). */
  resolveHost?: (hostname: string) => Promise<string[]>;
  config: Config;
  logger: Logger;
  rateLimiter: RateLimiter;
  keyCache: KeyCache;
}

export interface IdempotencyClaim {
  scope: string;
  key: string;
  /** Set when the operation began executing (past auth and validation). */
  started: boolean;
  /** Set when the response was stored in the operation's own transaction. */
  done: boolean;
}

export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    auth: Auth | undefined;
    idempotency: IdempotencyClaim | undefined;
  };
};

export interface PendingEvent {
  type: string;
  object: unknown;
}

export interface PendingAudit {
  action: string;
  objectType: string;
  objectId: string;
}

/** A transaction running as the app role with the request's tenant set for RLS. */
export interface TenantTx {
  trx: Kysely<Database>;
  tenantId: string;
  partnerId: string;
  actor: { type: 'api_key' | 'partner_key' | 'embed_token' | 'system'; id: string };
  requestId: string;
  events: PendingEvent[];
  audits: PendingAudit[];
  /** Writes sent in one batch with COMMIT (see `later`). */
  deferred: DeferredWrite[];
  /** Run once the transaction has committed (see `afterCommit`). */
  committed: Array<() => void>;
}

export interface DeferredWrite {
  query: CompiledQuery;
  /** Turns this write's failure (raised at commit) into the error the caller expects. */
  onError: ((err: unknown) => Error | undefined) | undefined;
}

/**
 * Runs `fn` once the transaction has committed, never if it rolls back: for what may be
 * remembered only once it is durable (caches of immutable facts).
 */
export function afterCommit(tx: TenantTx, fn: () => void): void {
  tx.committed.push(fn);
}

/** Records a state change; written to the outbox in the same transaction at commit. */
export function emit(tx: TenantTx, type: EventType, object: unknown): void {
  tx.events.push({ type, object });
}

/** Records who did what to which object; written to the tenant's audit chain at commit. */
export function audit(tx: TenantTx, action: string, objectType: string, objectId: string): void {
  tx.audits.push({ action, objectType, objectId });
}

/**
 * Queues a write whose result nobody reads, to be sent in one batch with COMMIT instead of
 * costing a round trip of its own. Its failure surfaces at commit, through `onError`.
 */
export function later(
  tx: TenantTx,
  query: Compilable | CompiledQuery,
  onError?: (err: unknown) => Error | undefined,
): void {
  tx.deferred.push({ query: 'compile' in query ? query.compile() : query, onError });
}
