import { type Kysely, sql } from 'kysely';
import { hashKey } from '../auth/keys.js';
import type { Database } from '../db/schema.js';
import { newId } from '../ids.js';

/**
 * Makes sure a partner owning exactly `secret` exists. Operator provisioning, like a
 * migration: it runs as the connecting role, never on behalf of a request.
 */
export async function ensurePartnerKey(
  db: Kysely<Database>,
  secret: string,
  name = 'Bootstrap partner',
): Promise<{ partnerId: string; created: boolean }> {
  const hash = hashKey(secret);
  return db.transaction().execute(async (trx) => {
    await sql`SELECT set_config('app.key_hash', ${hash}, true)`.execute(trx);
    const existing = await trx
      .selectFrom('partner_keys')
      .select('partner_id')
      .where('key_hash', '=', hash)
      .executeTakeFirst();
    if (existing) return { partnerId: existing.partner_id, created: false };
    const partnerId = newId('partner');
    // Owners are subject to the forced policies too: scope this transaction to the partner.
    await sql`SELECT set_config('app.partner_id', ${partnerId}, true)`.execute(trx);
    await trx.insertInto('partners').values({ id: partnerId, name }).execute();
    await trx
      .insertInto('partner_keys')
      .values({
        id: newId('partnerKey'),
        partner_id: partnerId,
        name,
        key_hash: hash,
        last4: secret.slice(-4),
      })
      .execute();
    return { partnerId, created: true };
  });
}
