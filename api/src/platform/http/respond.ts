import type { Context } from 'hono';
import { requireAuth } from '../auth/authorize.js';
import { type AppEnv, later, type TenantTx } from '../context.js';
import { storeResponse } from '../idempotency.js';
import { inTenant, readTenant, type TxScope } from '../tx.js';

export function scopeOf(c: Context<AppEnv>): TxScope {
  return { auth: requireAuth(c.get('auth')), requestId: c.get('requestId') };
}

/** Runs a read inside the request's tenant as the app role, each query in one round trip. */
export function read<T>(c: Context<AppEnv>, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return readTenant(c.get('deps').db, scopeOf(c), fn);
}

/**
 * Runs a write in one transaction with its events, audit entries and (when an
 * Idempotency-Key was sent) the stored response, so all of them commit or none do.
 */
export async function write<T>(
  c: Context<AppEnv>,
  status: number,
  fn: (tx: TenantTx) => Promise<T>,
): Promise<T> {
  const claim = c.get('idempotency');
  if (claim) claim.started = true;
  const result = await inTenant(c.get('deps').db, scopeOf(c), async (tx) => {
    const result = await fn(tx);
    // An absent object becomes a 404 in the route; the middleware stores that response.
    if (claim && result !== undefined) {
      later(tx, storeResponse(tx.trx, claim, status, JSON.stringify(result)));
    }
    return result;
  });
  // Only now is the stored response committed; had the commit failed, the middleware
  // would release the key instead.
  if (claim && result !== undefined) claim.done = true;
  return result;
}
