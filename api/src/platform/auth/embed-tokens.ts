/**
 * Embed tokens (`ek_…`): short-lived credentials a partner's server mints for a browser, so
 * web components can call the API without a secret key in the page. A token acts in the
 * minting key's tenant with the minting key's role, limited to the scopes granted, from the
 * allowed origins, until it expires or the minting key is revoked.
 */
import { z } from '@hono/zod-openapi';
import { audit, emit, type TenantTx } from '../context.js';
import { AppError, type KernelErrorCode } from '../errors.js';
import { apiRoute, createRouter } from '../http/openapi.js';
import { write } from '../http/respond.js';
import { jsonBody, jsonContent, timestamp } from '../http/schemas.js';
import { newId } from '../ids.js';
import { requireAuth } from './authorize.js';
import { generateKey } from './keys.js';
import {
  embeddableScopes,
  type Permission,
  type Role,
  requiredRole,
  roleAtLeast,
} from './roles.js';

export const MAX_TTL_SECONDS = 900;
const DEFAULT_TTL_SECONDS = 600;

const origin = z
  .string()
  .max(200)
  .refine(
    isOrigin,
    'must be an origin such as https://app.example.com (scheme, host and port only)',
  )
  .openapi({ example: 'https://app.example.com' });

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

export const CreateEmbedTokenSchema = z
  .object({
    scopes: z
      .array(z.string().max(64))
      .min(1)
      .max(embeddableScopes.length)
      .openapi({
        description: `What the token may do, as \`resource:read\` or \`resource:write\` (write implies read). Resources: ${[...new Set(embeddableScopes.map((s) => s.split(':')[0]))].join(', ')}. Never more than the minting key may do.`,
        example: ['invoices:read', 'customers:read'],
      }),
    allowed_origins: z.array(origin).max(10).optional().openapi({
      description: 'Browser origins the token may be used from; any origin when omitted.',
    }),
    ttl_seconds: z
      .number()
      .int()
      .min(1)
      .max(MAX_TTL_SECONDS)
      .optional()
      .openapi({
        description: `Lifetime in seconds, at most ${MAX_TTL_SECONDS}; default ${DEFAULT_TTL_SECONDS}.`,
      }),
    subject: z.string().min(1).max(200).optional().openapi({
      description: 'Who the token is for in your system (a user id); recorded in the event.',
    }),
  })
  .strict()
  .openapi('CreateEmbedTokenRequest');

export const EmbedTokenSchema = z
  .object({
    id: z.string().openapi({ example: 'etok_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('embed_token'),
    token: z.string().optional().openapi({
      description:
        'The bearer token (`ek_…`) for the browser; only in the response that minted it.',
    }),
    scopes: z.array(z.string()),
    allowed_origins: z.array(z.string()),
    subject: z.string().nullable(),
    expires_at: timestamp(),
    created_at: timestamp(),
  })
  .openapi('EmbedToken');

type EmbedToken = z.infer<typeof EmbedTokenSchema>;
type CreateEmbedToken = z.infer<typeof CreateEmbedTokenSchema>;

const refuse = (
  code: KernelErrorCode,
  param: string,
  message: string,
  type: 'invalid_request_error' | 'permission_error',
) => new AppError<KernelErrorCode>(type, code, message, { param });

/** The scopes, checked one by one: embeddable, and within what the minting key may do. */
export function checkScopes(scopes: readonly string[], role: Role): Permission[] {
  return scopes.map((scope, i) => {
    if (!embeddableScopes.includes(scope as Permission)) {
      throw refuse(
        'scope_not_embeddable',
        `scopes[${i}]`,
        `'${scope}' cannot be granted to an embed token. Embeddable scopes: ${embeddableScopes.join(', ')}.`,
        'invalid_request_error',
      );
    }
    const permission = scope as Permission;
    if (!roleAtLeast(role, requiredRole(permission))) {
      throw refuse(
        'scope_exceeds_key',
        `scopes[${i}]`,
        `This key has the role '${role}', which may not ${permission}; an embed token never gets more than the key that mints it.`,
        'permission_error',
      );
    }
    return permission;
  });
}

export async function mintEmbedToken(
  tx: TenantTx,
  minter: { kind: 'partner' | 'tenant'; keyId: string; role: Role },
  input: CreateEmbedToken,
): Promise<EmbedToken> {
  const scopes = [...new Set(checkScopes(input.scopes, minter.role))];
  const { secret, hash } = generateKey('embed');
  const id = newId('embedToken');
  const now = new Date();
  const expiresAt = new Date(now.getTime() + (input.ttl_seconds ?? DEFAULT_TTL_SECONDS) * 1000);
  const allowedOrigins = [...new Set(input.allowed_origins ?? [])];
  await tx.trx
    .insertInto('embed_tokens')
    .values({
      id,
      tenant_id: tx.tenantId,
      minted_by_kind: minter.kind,
      minted_by_key_id: minter.keyId,
      token_hash: hash,
      role: minter.role,
      scopes,
      allowed_origins: allowedOrigins,
      subject: input.subject ?? null,
      expires_at: expiresAt,
      created_at: now,
    })
    .execute();
  const token: EmbedToken = {
    id,
    object: 'embed_token',
    scopes,
    allowed_origins: allowedOrigins,
    subject: input.subject ?? null,
    expires_at: expiresAt.toISOString(),
    created_at: now.toISOString(),
  };
  emit(tx, 'embed_token.created', token);
  audit(tx, 'embed_token.create', 'embed_token', id);
  return { ...token, token: secret };
}

const createRoute = apiRoute({
  method: 'post',
  path: '/embed_tokens',
  operationId: 'createEmbedToken',
  summary: 'Mint an embed token',
  description:
    'Mints a short-lived token (`ek_…`, at most 15 minutes) for a browser, e.g. for the web components. Call it from your server with a secret key. The token acts in this tenant only, with the scopes granted (never more than the minting key may do, and never keys, tokens, webhook endpoints or tenants), from `allowed_origins` only; it stops working when it expires (401 `token_expired`) or when the minting key is revoked.',
  tags: ['Embed tokens'],
  access: 'embed_tokens:write',
  request: { body: jsonBody(CreateEmbedTokenSchema) },
  responses: { 201: jsonContent(EmbedTokenSchema, 'The token, with its secret') },
});

export const embedTokenRoutes = createRouter().openapi(createRoute, async (c) => {
  const input = c.req.valid('json');
  const auth = requireAuth(c.var.auth);
  if (auth.kind === 'embed') {
    // Unreachable through the scope check (embed_tokens is not embeddable); kept explicit.
    throw new AppError<KernelErrorCode>(
      'permission_error',
      'insufficient_permissions',
      'Embed tokens cannot mint tokens.',
    );
  }
  const minter = { kind: auth.kind, keyId: auth.keyId, role: auth.role };
  const token = await write(c, 201, (tx) => mintEmbedToken(tx, minter, input));
  return c.json(token, 201);
});
