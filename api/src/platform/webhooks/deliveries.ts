import { sql } from 'kysely';
import type { TenantTx } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { findEndpoint, liveEndpoints } from './endpoints.js';

/**
 * What queueing a delivery again sets, for redeliver and recover alike. The lease is
 * dropped: an attempt still in flight may then be sent twice (receivers dedupe by
 * webhook-id), but its outcome, fenced on that lease, can no longer overwrite the request
 * and lose the redelivery.
 */
const queuedAgain = () => ({
  status: 'pending' as const,
  attempts: 0,
  next_attempt_at: sql<Date>`clock_timestamp()`,
  locked_until: null,
  redelivery: true,
});

/**
 * Queues the event again to one endpoint, or to every enabled endpoint subscribed to its
 * type; answers the endpoints it went to. An unknown event is a 404.
 */
export async function redeliverEvent(tx: TenantTx, eventId: string, endpointId?: string) {
  const event = await tx.trx
    .selectFrom('events')
    .select(['id', 'type'])
    .where('tenant_id', '=', tx.tenantId)
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (!event) throw notFound('event', eventId);
  let targets = liveEndpoints(tx).select('id as endpoint_id').where('disabled', '=', false);
  if (endpointId) targets = targets.where('id', '=', endpointId);
  else {
    targets = targets.where((eb) =>
      eb.or([
        eb(sql.lit('*'), '=', eb.fn.any('enabled_events')),
        eb(sql.val(event.type), '=', eb.fn.any('enabled_events')),
      ]),
    );
  }
  const ids = (await targets.execute()).map((r) => r.endpoint_id);
  if (endpointId && ids.length === 0) {
    throw new AppError(
      'invalid_request_error',
      'parameter_invalid',
      `No enabled webhook endpoint '${endpointId}'.`,
      { param: 'endpoint_id' },
    );
  }
  if (ids.length > 0) {
    await tx.trx
      .insertInto('webhook_deliveries')
      .values(
        ids.map((id) => ({
          tenant_id: tx.tenantId,
          endpoint_id: id,
          event_id: eventId,
          ...queuedAgain(),
        })),
      )
      .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doUpdateSet(queuedAgain()))
      .execute();
  }
  return { object: 'redelivery' as const, event_id: eventId, endpoint_ids: ids };
}

/** Queues again every failed delivery to the endpoint of events since `since`; undefined
 * when there is no such endpoint, 409 when it is disabled. */
export async function recoverEndpoint(tx: TenantTx, id: string, since: Date) {
  const endpoint = await findEndpoint(tx, id);
  if (!endpoint) return undefined;
  if (endpoint.status === 'disabled') {
    throw new AppError(
      'conflict_error',
      'endpoint_disabled',
      `Webhook endpoint '${id}' is disabled; enable it (PATCH disabled: false) before recovering.`,
    );
  }
  const requeued = await tx.trx
    .updateTable('webhook_deliveries as d')
    .set(queuedAgain())
    .from('events as e')
    .whereRef('e.id', '=', 'd.event_id')
    .where('d.tenant_id', '=', tx.tenantId)
    .where('d.endpoint_id', '=', id)
    .where('d.status', '=', 'failed')
    .where('e.created_at', '>=', since)
    .executeTakeFirst();
  return {
    object: 'recovery' as const,
    endpoint_id: id,
    requeued: Number(requeued.numUpdatedRows),
  };
}
