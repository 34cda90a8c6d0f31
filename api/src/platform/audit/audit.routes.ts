import { z } from '@hono/zod-openapi';
import { apiRoute, createRouter } from '../http/openapi.js';
import { listOf, listQuerySchema, paginate } from '../http/pagination.js';
import { read } from '../http/respond.js';
import { jsonContent, timestamp } from '../http/schemas.js';
import { verifyAuditChain } from './audit.service.js';

export const AuditLogSchema = z
  .object({
    id: z.string().openapi({ example: 'aud_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('audit_log'),
    seq: z.number().int(),
    actor: z.object({
      type: z.enum(['api_key', 'partner_key', 'embed_token', 'system']),
      id: z.string(),
    }),
    action: z.string().openapi({ example: 'invoice.finalize' }),
    object_type: z.string(),
    object_id: z.string(),
    request_id: z.string(),
    created_at: timestamp(),
    hash: z
      .string()
      .openapi({ description: 'sha256 over the previous entry hash and this entry.' }),
  })
  .openapi('AuditLog');

const VerificationSchema = z
  .object({
    object: z.literal('audit_log_verification'),
    valid: z.boolean(),
    checked: z.number().int(),
    head_seq: z.number().int(),
    first_broken: z
      .object({
        seq: z.number().int(),
        id: z.string().nullable(),
        reason: z.enum(['hash_mismatch', 'missing_entry', 'head_mismatch']),
      })
      .nullable(),
  })
  .openapi('AuditLogVerification');

const tags: ['Audit logs'] = ['Audit logs'];

const list = apiRoute({
  method: 'get',
  path: '/audit_logs',
  operationId: 'listAuditLogs',
  summary: 'List audit log entries',
  tags,
  access: 'audit_logs:read',
  request: {
    query: listQuerySchema.extend({
      object_id: z
        .string()
        .max(64)
        .optional()
        .openapi({ description: 'Only entries about this object.' }),
    }),
  },
  responses: { 200: jsonContent(listOf(AuditLogSchema, 'AuditLogList'), 'Entries, newest first') },
});

const verify = apiRoute({
  method: 'get',
  path: '/audit_logs/verify',
  operationId: 'verifyAuditLogs',
  summary: "Verify the audit log's hash chain",
  description:
    'Recomputes every hash from the first entry; reports the first altered or missing entry.',
  tags,
  access: 'audit_logs:read',
  responses: { 200: jsonContent(VerificationSchema, 'The verification result') },
});

type AuditRow = {
  id: string;
  seq: string;
  actor_type: string;
  actor_id: string;
  action: string;
  object_type: string;
  object_id: string;
  request_id: string;
  created_at: Date;
  hash: string;
};

const toAuditLog = (r: AuditRow) => ({
  id: r.id,
  object: 'audit_log' as const,
  seq: Number(r.seq),
  actor: {
    type: r.actor_type as 'api_key' | 'partner_key' | 'embed_token' | 'system',
    id: r.actor_id,
  },
  action: r.action,
  object_type: r.object_type,
  object_id: r.object_id,
  request_id: r.request_id,
  created_at: r.created_at.toISOString(),
  hash: r.hash,
});

export const auditRoutes = createRouter()
  .openapi(verify, async (c) => c.json(await read(c, verifyAuditChain), 200))
  .openapi(list, async (c) => {
    const { object_id, ...params } = c.req.valid('query');
    const page = await read(c, (tx) => {
      let q = tx.trx
        .selectFrom('audit_logs')
        .select([
          'id',
          'seq',
          'actor_type',
          'actor_id',
          'action',
          'object_type',
          'object_id',
          'request_id',
          'created_at',
          'hash',
        ])
        .where('tenant_id', '=', tx.tenantId);
      if (object_id) q = q.where('object_id', '=', object_id);
      return paginate(q, params, '/v1/audit_logs', toAuditLog);
    });
    return c.json(page, 200);
  });
