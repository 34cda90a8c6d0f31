import { type Kysely, sql } from 'kysely';
import { DISPATCHER_ROLE } from './2026112205_webhooks.js';

/**
 * The dispatcher only leases deliveries: it may update `locked_until` and nothing else
 * (it could rewrite a delivery's tenant or endpoint before), and its policy on deliveries
 * is split into reading and leasing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
      REVOKE UPDATE ON webhook_deliveries FROM ${DISPATCHER_ROLE};
      GRANT UPDATE (locked_until) ON webhook_deliveries TO ${DISPATCHER_ROLE};
      DROP POLICY webhook_deliveries_dispatcher ON webhook_deliveries;
      CREATE POLICY webhook_deliveries_dispatcher_read ON webhook_deliveries FOR SELECT
        TO ${DISPATCHER_ROLE} USING (true);
      CREATE POLICY webhook_deliveries_dispatcher_lease ON webhook_deliveries FOR UPDATE
        TO ${DISPATCHER_ROLE} USING (true) WITH CHECK (true);
    `)
    .execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
