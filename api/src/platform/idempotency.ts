import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { type Kysely, sql } from 'kysely';
import type { AppEnv, Auth, IdempotencyClaim } from './context.js';
import type { Database } from './db/schema.js';
import { AppError, type KernelErrorCode } from './errors.js';
import { asAppRole, sessionOf } from './tx.js';

/** A claim left in flight this long was abandoned by a crashed process (nothing committed). */
const ABANDONED_AFTER = '60 seconds';
const RETENTION = '24 hours';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const idemError = (code: KernelErrorCode, message: string) =>
  new AppError<KernelErrorCode>('idempotency_error', code, message, { param: 'Idempotency-Key' });

const inScope = <T>(db: Kysely<Database>, auth: Auth, fn: (trx: Kysely<Database>) => Promise<T>) =>
  asAppRole(db, sessionOf(auth), fn);

type Outcome =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in_flight' };

async function claim(
  db: Kysely<Database>,
  auth: Auth,
  c: IdempotencyClaim,
  hash: string,
): Promise<Outcome> {
  return inScope(db, auth, async (trx) => {
    const inserted = await trx
      .insertInto('idempotency_keys')
      .values({
        partner_id: auth.partnerId,
        tenant_id: auth.tenantId,
        scope: c.scope,
        key: c.key,
        request_hash: hash,
        state: 'in_flight',
        locked_at: new Date(),
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) return { kind: 'claimed' };
    // Expired or abandoned: take it over atomically (only one concurrent caller wins).
    const taken = await trx
      .updateTable('idempotency_keys')
      .set({
        request_hash: hash,
        state: 'in_flight',
        response_status: null,
        response_body: null,
        created_at: sql<Date>`now()`,
        locked_at: sql<Date>`now()`,
      })
      .where('scope', '=', c.scope)
      .where('key', '=', c.key)
      .where((eb) =>
        eb.or([
          eb('created_at', '<', sql<Date>`now() - ${RETENTION}::interval`),
          eb.and([
            eb('state', '=', 'in_flight'),
            eb('locked_at', '<', sql<Date>`now() - ${ABANDONED_AFTER}::interval`),
          ]),
        ]),
      )
      .returning('key')
      .executeTakeFirst();
    if (taken) return { kind: 'claimed' };
    const row = await trx
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'state', 'response_status', 'response_body'])
      .where('scope', '=', c.scope)
      .where('key', '=', c.key)
      .executeTakeFirst();
    if (!row) return { kind: 'in_flight' };
    if (row.request_hash !== hash) return { kind: 'mismatch' };
    if (row.state === 'in_flight') return { kind: 'in_flight' };
    return { kind: 'replay', status: row.response_status ?? 200, body: row.response_body ?? '' };
  });
}

/** Stores the response of a claimed key inside the caller's transaction. */
export async function completeIdempotency(
  trx: Kysely<Database>,
  claimed: IdempotencyClaim,
  status: number,
  body: string,
): Promise<void> {
  await storeResponse(trx, claimed, status, body).execute();
  claimed.done = true;
}

/** The update that stores a claimed key's response; the caller marks the claim done once
 * it committed. */
export const storeResponse = (
  trx: Kysely<Database>,
  claimed: IdempotencyClaim,
  status: number,
  body: string,
) =>
  trx
    .updateTable('idempotency_keys')
    .set({ state: 'done', response_status: status, response_body: body })
    .where('scope', '=', claimed.scope)
    .where('key', '=', claimed.key);

async function settleAfter(
  c: Context<AppEnv>,
  auth: Auth,
  claimed: IdempotencyClaim,
): Promise<void> {
  const { db } = c.get('deps');
  const status = c.res.status;
  // Results are kept once the operation started executing and did not fail on our side;
  // auth, validation and server errors release the key so a fixed retry can run.
  if (claimed.started && status < 500) {
    const body = await c.res.clone().text();
    await inScope(db, auth, (trx) => completeIdempotency(trx, claimed, status, body));
  } else {
    await inScope(db, auth, (trx) =>
      trx
        .deleteFrom('idempotency_keys')
        .where('scope', '=', claimed.scope)
        .where('key', '=', claimed.key)
        .execute(),
    );
  }
}

/** Idempotency-Key on POST: replay, conflict on a different body, conflict while in flight. */
export const idempotency: MiddlewareHandler<AppEnv> = (c, next) =>
  // Not async itself: every request passes here, and most are not POSTs.
  c.req.method === 'POST' ? idempotentPost(c, next) : next();

const idempotentPost: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return next();
  if (key.length < 1 || key.length > 255) {
    throw new AppError<KernelErrorCode>(
      'invalid_request_error',
      'parameter_invalid',
      'Idempotency-Key must be 1 to 255 characters.',
      { param: 'Idempotency-Key' },
    );
  }
  const auth = c.get('auth');
  if (!auth) return next();
  const body = c.req.bodyCache.json ? await c.req.bodyCache.json : null;
  const hash = createHash('sha256')
    .update(`${c.req.method} ${new URL(c.req.url).pathname}\n${canonical(body)}`)
    .digest('hex');
  const claimed: IdempotencyClaim = {
    // Per key as well as per tenant: the replay happens before the route's permission check,
    // so another key (a viewer) must never be able to replay a response (with a secret in it).
    scope: `${auth.tenantId ?? auth.partnerId}/${auth.keyId}`,
    key,
    started: false,
    done: false,
  };
  const outcome = await claim(c.get('deps').db, auth, claimed, hash);
  if (outcome.kind === 'mismatch') {
    throw idemError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request body or path.',
    );
  }
  if (outcome.kind === 'in_flight') {
    throw idemError(
      'idempotency_key_in_use',
      'A request with this Idempotency-Key is still being processed.',
    );
  }
  if (outcome.kind === 'replay') {
    return c.body(outcome.body, outcome.status as 200, {
      'content-type': 'application/json',
      'idempotent-replayed': 'true',
    });
  }
  c.set('idempotency', claimed);
  try {
    await next();
  } finally {
    if (!claimed.done) await settleAfter(c, auth, claimed);
  }
};
