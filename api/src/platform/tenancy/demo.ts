import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { generateKey } from '../auth/keys.js';
import type { Database } from '../db/schema.js';
import { asAppRole } from '../tx.js';
import { ensurePartnerKey } from './bootstrap.js';
import { provisionTenant, type TenantSeeder } from './tenancy.service.js';

export interface DemoCredentials {
  partner_key: string;
  tenant_id: string;
  tenant_key: string;
  created_at: string;
}

/**
 * On the first run: a demo partner and tenant whose keys are written to `<dataDir>/demo.json`
 * (readable by the local user only). Later runs read the same file.
 */
export async function ensureDemo(
  db: Kysely<Database>,
  dataDir: string,
  seed: TenantSeeder,
): Promise<{ credentials: DemoCredentials; created: boolean }> {
  const file = join(dataDir, 'demo.json');
  if (existsSync(file)) {
    return {
      credentials: JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials,
      created: false,
    };
  }
  const partnerKey = generateKey('partner').secret;
  const { partnerId } = await ensurePartnerKey(db, partnerKey, 'Demo partner');
  // Provisioning on behalf of the operator: no request key to re-check.
  const tenant = await asAppRole(db, { partnerId, tenantId: null }, (trx) =>
    provisionTenant(
      trx,
      {
        auth: { kind: 'partner', keyId: 'demo_setup', partnerId, tenantId: null, role: 'admin' },
        requestId: 'req_demo_setup',
      },
      { name: 'Demo tenant', metadata: { demo: 'true' } },
      seed,
    ),
  );
  const credentials: DemoCredentials = {
    partner_key: partnerKey,
    tenant_id: tenant.id,
    tenant_key: tenant.api_key.secret ?? '',
    created_at: new Date().toISOString(),
  };
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return { credentials, created: true };
}
