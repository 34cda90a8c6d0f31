import { type Kysely, sql } from 'kysely';

/**
 * SQL shared by migrations. Migrations are immutable once landed, so a change here must
 * only ever add new helpers; existing ones keep their exact output.
 */
export const APP_ROLE = 'fin_app';

export const currentTenant = "NULLIF(current_setting('app.tenant_id', true), '')";
export const currentPartner = "NULLIF(current_setting('app.partner_id', true), '')";

/** Row-level security keyed on `tenant_id`, forced for the owner too, granted to the app role. */
export async function protectTenantTable(
  db: Kysely<unknown>,
  table: string,
  privileges = 'SELECT, INSERT, UPDATE, DELETE',
): Promise<void> {
  await sql
    .raw(`
      ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
      ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
      CREATE POLICY ${table}_tenant_isolation ON ${table}
        USING (tenant_id = ${currentTenant})
        WITH CHECK (tenant_id = ${currentTenant});
      GRANT ${privileges} ON ${table} TO ${APP_ROLE};
    `)
    .execute(db);
}
