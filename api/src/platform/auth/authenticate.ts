import { hash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { type Kysely, sql } from 'kysely';
import type { AppEnv, Auth } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError, type KernelErrorCode } from '../errors.js';
import { isId } from '../ids.js';
import { hashKey, parseSecretKey } from './keys.js';
import { embeddableScopes, type Permission, type Role, roles } from './roles.js';

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

/**
 * Resolves `Authorization: Bearer <key>` (and `Fin-Tenant`) into `c.var.auth`. Not async
 * itself: a key seen before is answered from the cache without waiting on anything.
 */
export const authenticate: MiddlewareHandler<AppEnv> = (c, next) => {
  refuseSecretInQuery(c.req.url);
  const header = c.req.header('authorization');
  if (!header) {
    throw authError(
      'missing_api_key',
      'No API key provided. Send it as `Authorization: Bearer <key>`.',
    );
  }
  const tenantHeader = c.req.header('fin-tenant')?.trim() ?? '';
  const { db, keyCache } = c.get('deps');
  // Keyed by a digest of the credential as sent (never the secret itself, which must not
  // outlive the request in memory), so a repeat request skips parsing it. Only resolutions
  // that succeeded are stored, so the header and tenant were valid once.
  // One-shot hash: no Hash object per request.
  const cacheKey = hash('sha256', `${tenantHeader}\n${header}`, 'base64');
  const cached = keyCache.get(cacheKey);
  if (cached) {
    admit(c, cached, tenantHeader);
    return next();
  }
  return resolveCredential(db, header, tenantHeader).then((auth) => {
    keyCache.set(cacheKey, auth);
    admit(c, auth, tenantHeader);
    return next();
  });
};

/** The checks that depend on this request, not only on the key. */
function admit(c: Context<AppEnv>, auth: Auth, tenantHeader: string): void {
  if (tenantHeader && tenantHeader !== auth.tenantId) {
    throw new AppError('not_found_error', 'resource_missing', `No such tenant: '${tenantHeader}'`, {
      param: 'Fin-Tenant',
    });
  }
  if (auth.embed && auth.embed.expiresAt <= Date.now()) {
    throw authError(
      'token_expired',
      'This embed token has expired. Mint a new one on your server (POST /v1/embed_tokens).',
    );
  }
  checkOrigin(c.req.header('origin'), auth);
  c.set('auth', auth);
}

/** Parses no URL unless there is a query string: most requests have none. */
function refuseSecretInQuery(url: string): void {
  const start = url.indexOf('?');
  if (start === -1) return;
  const query = new URL(url).search;
  if (query && (secretInUrl.test(query) || secretInUrl.test(safeDecode(query)))) {
    throw authError(
      'api_key_in_query',
      'API keys are never accepted in the URL, where they leak into logs. Send them in the Authorization header and roll this key.',
    );
  }
}

async function resolveCredential(
  db: Kysely<Database>,
  header: string,
  tenantHeader: string,
): Promise<Auth> {
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  const secret = match?.[1];
  const kind = secret ? parseSecretKey(secret) : undefined;
  if (!secret || !kind) throw authError('invalid_api_key', 'Invalid API key provided.');
  if (tenantHeader && !isId('tenant', tenantHeader)) {
    throw new AppError('not_found_error', 'resource_missing', `No such tenant: '${tenantHeader}'`, {
      param: 'Fin-Tenant',
    });
  }
  const hash = hashKey(secret);
  return kind === 'embed'
    ? resolveEmbed(db, hash)
    : resolveKey(db, kind, hash, kind === 'partner' ? tenantHeader : '');
}

async function resolveKey(
  db: Kysely<Database>,
  kind: 'partner' | 'tenant',
  hash: string,
  tenantHeader: string,
): Promise<Auth> {
  const result = await sql<{
    key_id: string;
    partner_id: string;
    tenant_id: string | null;
    role: string;
    revoked: boolean;
  }>`SELECT * FROM fin_authenticate(${kind}, ${hash}, ${tenantHeader})`.execute(db);
  const row = result.rows[0];
  if (!row || row.revoked) throw authError('invalid_api_key', 'Invalid API key provided.');
  return {
    kind,
    keyId: row.key_id,
    partnerId: row.partner_id,
    tenantId: row.tenant_id,
    role: roleOf(row.role),
  };
}

async function resolveEmbed(db: Kysely<Database>, hash: string): Promise<Auth> {
  const result = await sql<{
    key_id: string;
    partner_id: string;
    tenant_id: string;
    role: string;
    revoked: boolean;
    scopes: string[];
    allowed_origins: string[];
    expires_at: Date;
  }>`SELECT * FROM fin_authenticate_embed(${hash})`.execute(db);
  const row = result.rows[0];
  if (!row || row.revoked) throw authError('invalid_api_key', 'Invalid API key provided.');
  return {
    kind: 'embed',
    keyId: row.key_id,
    partnerId: row.partner_id,
    tenantId: row.tenant_id,
    role: roleOf(row.role),
    embed: {
      scopes: row.scopes.filter((s): s is Permission => embeddableScopes.includes(s as Permission)),
      allowedOrigins: row.allowed_origins,
      expiresAt: new Date(row.expires_at).getTime(),
    },
  };
}

const roleOf = (role: string): Role =>
  (roles as readonly string[]).includes(role) ? (role as Role) : 'viewer';

/**
 * A browser announces itself with `Origin`. Secret keys never belong there (anyone can read
 * a page's source); embed tokens are accepted from their allowed origins only.
 */
function checkOrigin(origin: string | undefined, auth: Auth): void {
  if (origin === undefined) return;
  if (!auth.embed) {
    throw new AppError<KernelErrorCode>(
      'permission_error',
      'secret_key_in_browser',
      'Secret keys belong on your server, never in a browser: anyone can read them there. Mint a short-lived embed token (POST /v1/embed_tokens) on your server and use that in the page.',
    );
  }
  const allowed = auth.embed.allowedOrigins;
  if (allowed.length > 0 && !allowed.includes(origin)) {
    throw new AppError<KernelErrorCode>(
      'permission_error',
      'origin_not_allowed',
      `This embed token may not be used from ${origin}; it was minted for ${allowed.join(', ')}.`,
    );
  }
}
