import { randomBytes } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { audit, emit, type TenantTx } from '../context.js';
import type { Metadata } from '../db/schema.js';
import { AppError } from '../errors.js';
import { isEventType } from '../events/event-types.js';
import { timestamp } from '../http/schemas.js';
import { newId } from '../ids.js';
import { metadataSchema } from '../metadata.js';
import { validateWebhookUrl } from './ssrf.js';

export const WebhookEndpointSchema = z
  .object({
    id: z.string().openapi({ example: 'we_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('webhook_endpoint'),
    url: z.string().openapi({ example: 'https://example.com/webhooks/finaceverse' }),
    description: z.string().nullable(),
    enabled_events: z.array(z.string()).openapi({ example: ['invoice.paid'] }),
    status: z.enum(['enabled', 'disabled']),
    disabled_reason: z.enum(['requested', 'gone', 'failing']).nullable().openapi({
      description:
        '`requested`: disabled through the API; `gone`: the endpoint answered 410; `failing`: every attempt failed for days.',
    }),
    metadata: z.record(z.string(), z.string()),
    created_at: timestamp(),
  })
  .openapi('WebhookEndpoint');

export const WebhookEndpointWithSecretSchema = WebhookEndpointSchema.extend({
  secret: z.string().openapi({
    description: 'The signing secret (`whsec_…`). Returned only on create and rotation.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  }),
}).openapi('WebhookEndpointWithSecret');

export const DeletedWebhookEndpointSchema = z
  .object({ id: z.string(), object: z.literal('webhook_endpoint'), deleted: z.literal(true) })
  .openapi('DeletedWebhookEndpoint');

const url = z.string().min(1).max(2048);
const enabledEvents = z
  .array(z.string().min(1).max(100))
  .min(1)
  .max(100)
  .openapi({ description: '`["*"]` for every event, or a list of event types.' });

export const CreateWebhookEndpointSchema = z
  .strictObject({
    url,
    enabled_events: enabledEvents,
    description: z.string().max(500).optional(),
    metadata: metadataSchema.optional(),
  })
  .openapi('CreateWebhookEndpointRequest');

export const UpdateWebhookEndpointSchema = z
  .strictObject({
    url: url.optional(),
    enabled_events: enabledEvents.optional(),
    description: z.string().max(500).nullable().optional(),
    metadata: metadataSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .openapi('UpdateWebhookEndpointRequest');

export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

export const endpointColumns = [
  'id',
  'url',
  'description',
  'enabled_events',
  'disabled',
  'disabled_reason',
  'metadata',
  'created_at',
] as const;

type Row = {
  id: string;
  url: string;
  description: string | null;
  enabled_events: string[];
  disabled: boolean;
  disabled_reason: 'requested' | 'gone' | 'failing' | null;
  metadata: Metadata;
  created_at: Date;
};

export const toEndpoint = (r: Row): WebhookEndpoint => ({
  id: r.id,
  object: 'webhook_endpoint',
  url: r.url,
  description: r.description,
  enabled_events: r.enabled_events,
  status: r.disabled ? 'disabled' : 'enabled',
  disabled_reason: r.disabled ? r.disabled_reason : null,
  metadata: r.metadata,
  created_at: r.created_at.toISOString(),
});

const invalid = (message: string, param: string) =>
  new AppError('invalid_request_error', 'parameter_invalid', message, { param });

/** Refuses anything but an http(s) URL (the host is checked again at every delivery). */
export function checkUrl(raw: string, param = 'url'): string {
  const checked = validateWebhookUrl(raw);
  if (!checked.ok) throw invalid(`Invalid webhook URL: ${checked.reason}.`, param);
  return checked.url.toString();
}

/** `["*"]` alone, or known event types; an unknown one is named in the error. */
export function checkEvents(events: string[], param = 'enabled_events'): string[] {
  if (events.includes('*')) {
    if (events.length > 1) throw invalid('`*` already selects every event; send it alone.', param);
    return events;
  }
  events.forEach((type, i) => {
    if (!isEventType(type)) {
      throw invalid(
        `Unknown event type '${type}'. GET /v1/event_types lists them.`,
        `${param}[${i}]`,
      );
    }
  });
  return [...new Set(events)];
}

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
export const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

export const liveEndpoints = (tx: TenantTx) =>
  tx.trx
    .selectFrom('webhook_endpoints')
    .select(endpointColumns)
    .where('tenant_id', '=', tx.tenantId)
    .where('deleted_at', 'is', null);

export async function findEndpoint(tx: TenantTx, id: string) {
  const row = await liveEndpoints(tx).where('id', '=', id).executeTakeFirst();
  return row ? toEndpoint(row) : undefined;
}

export async function createEndpoint(
  tx: TenantTx,
  input: { url: string; enabled_events: string[]; description?: string; metadata?: Metadata },
) {
  const secret = newSecret();
  const row = await tx.trx
    .insertInto('webhook_endpoints')
    .values({
      id: newId('webhookEndpoint'),
      tenant_id: tx.tenantId,
      url: input.url,
      description: input.description ?? null,
      enabled_events: input.enabled_events,
      secret,
      metadata: JSON.stringify(input.metadata ?? {}),
    })
    .returning(endpointColumns)
    .executeTakeFirstOrThrow();
  const endpoint = toEndpoint(row);
  emit(tx, 'webhook_endpoint.created', endpoint);
  audit(tx, 'webhook_endpoint.create', 'webhook_endpoint', endpoint.id);
  return { ...endpoint, secret };
}

export async function updateEndpoint(
  tx: TenantTx,
  id: string,
  patch: z.infer<typeof UpdateWebhookEndpointSchema>,
) {
  const row = await tx.trx
    .updateTable('webhook_endpoints')
    .set({
      ...(patch.url === undefined ? {} : { url: patch.url }),
      ...(patch.enabled_events === undefined ? {} : { enabled_events: patch.enabled_events }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      ...(patch.metadata === undefined ? {} : { metadata: JSON.stringify(patch.metadata) }),
      ...(patch.disabled === undefined
        ? {}
        : patch.disabled
          ? { disabled: true, disabled_reason: 'requested' as const }
          : { disabled: false, disabled_reason: null, failing_since: null }),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning(endpointColumns)
    .executeTakeFirst();
  if (!row) return undefined;
  const endpoint = toEndpoint(row);
  emit(tx, 'webhook_endpoint.updated', endpoint);
  audit(tx, 'webhook_endpoint.update', 'webhook_endpoint', id);
  return endpoint;
}

/** Deleted endpoints stop receiving at once; their attempts stay for the record. */
export async function deleteEndpoint(tx: TenantTx, id: string) {
  const row = await tx.trx
    .updateTable('webhook_endpoints')
    .set({ deleted_at: new Date(), disabled: true })
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!row) return undefined;
  await tx.trx
    .updateTable('webhook_deliveries')
    .set({ status: 'failed', next_attempt_at: null })
    .where('tenant_id', '=', tx.tenantId)
    .where('endpoint_id', '=', id)
    .where('status', '=', 'pending')
    .execute();
  const deleted = { id, object: 'webhook_endpoint' as const, deleted: true as const };
  emit(tx, 'webhook_endpoint.deleted', deleted);
  audit(tx, 'webhook_endpoint.delete', 'webhook_endpoint', id);
  return deleted;
}

/** A new secret signs from now on; the old one keeps signing alongside it for `overlapMs`. */
export async function rotateSecret(tx: TenantTx, id: string, overlapMs: number) {
  const secret = newSecret();
  const row = await tx.trx
    .updateTable('webhook_endpoints as w')
    .set((eb) => ({
      previous_secret: eb.ref('w.secret'),
      previous_secret_expires_at: new Date(Date.now() + overlapMs),
      secret,
      updated_at: new Date(),
    }))
    .where('w.tenant_id', '=', tx.tenantId)
    .where('w.id', '=', id)
    .where('w.deleted_at', 'is', null)
    .returning(endpointColumns)
    .executeTakeFirst();
  if (!row) return undefined;
  const endpoint = toEndpoint(row);
  emit(tx, 'webhook_endpoint.updated', endpoint);
  audit(tx, 'webhook_endpoint.rotate_secret', 'webhook_endpoint', id);
  return { ...endpoint, secret };
}
