import type { MiddlewareHandler } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../context.js';
import { AppError, type KernelErrorCode } from '../errors.js';
import { isId } from '../ids.js';
import { hashKey, parseSecretKey } from './keys.js';
import { type Role, roles } from './roles.js';

const authError = (code: KernelErrorCode, message: string) =>
  new AppError<KernelErrorCode>('authentication_error', code, message);

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const secretInUrl = /(^|[^A-Za-z0-9])(psk|sk|ek)_[0-9A-Za-z]{16,}/;

/** Resolves `Authorization: Bearer <key>` (and `Fin-Tenant`) into `c.var.auth`. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const query = new URL(c.req.url).search;
  if (query && (secretInUrl.test(query) || secretInUrl.test(safeDecode(query)))) {
    throw authError(
      'api_key_in_query',
      'API keys are never accepted in the URL, where they leak into logs. Send them in the Authorization header and roll this key.',
    );
  }
  const header = c.req.header('authorization');
  if (!header) {
    throw authError(
      'missing_api_key',
      'No API key provided. Send it as `Authorization: Bearer <key>`.',
    );
  }
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  const secret = match?.[1];
  const kind = secret ? parseSecretKey(secret) : undefined;
  if (!secret || !kind) throw authError('invalid_api_key', 'Invalid API key provided.');

  const tenantHeader = c.req.header('fin-tenant')?.trim() ?? '';
  if (tenantHeader && !isId('tenant', tenantHeader)) {
    throw new AppError('not_found_error', 'resource_missing', `No such tenant: '${tenantHeader}'`, {
      param: 'Fin-Tenant',
    });
  }
  const { db, keyCache } = c.var.deps;
  const hash = hashKey(secret);
  const cacheKey = `${hash}|${kind === 'partner' ? tenantHeader : ''}`;
  let auth = keyCache.get(cacheKey);
  if (!auth) {
    const result = await sql<{
      key_id: string;
      partner_id: string;
      tenant_id: string | null;
      role: string;
      revoked: boolean;
    }>`SELECT * FROM fin_authenticate(${kind}, ${hash}, ${kind === 'partner' ? tenantHeader : ''})`.execute(
      db,
    );
    const row = result.rows[0];
    if (!row || row.revoked) throw authError('invalid_api_key', 'Invalid API key provided.');
    if (tenantHeader && tenantHeader !== row.tenant_id) {
      throw new AppError(
        'not_found_error',
        'resource_missing',
        `No such tenant: '${tenantHeader}'`,
        {
          param: 'Fin-Tenant',
        },
      );
    }
    auth = {
      kind,
      keyId: row.key_id,
      partnerId: row.partner_id,
      tenantId: row.tenant_id,
      role: (roles as readonly string[]).includes(row.role) ? (row.role as Role) : 'viewer',
    };
    keyCache.set(cacheKey, auth);
  } else if (tenantHeader && tenantHeader !== auth.tenantId) {
    throw new AppError('not_found_error', 'resource_missing', `No such tenant: '${tenantHeader}'`, {
      param: 'Fin-Tenant',
    });
  }
  c.set('auth', auth);
  await next();
};
