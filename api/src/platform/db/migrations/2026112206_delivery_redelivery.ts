import { type Kysely, sql } from 'kysely';

/**
 * Marks deliveries queued again by redeliver or recover, so a provider that dedupes
 * messages by event id (Svix) resends the existing message instead of creating one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE webhook_deliveries ADD COLUMN redelivery boolean NOT NULL DEFAULT false`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('This migration cannot be reverted');
}
