import { EventEmitter } from 'node:events';

/**
 * Tells this process's dispatchers and event streams that a tenant's events were sealed
 * (sequenced, webhooks queued), so a delivery starts at once instead of at the next poll.
 * Other processes find the work by polling.
 */
const signal = new EventEmitter();
signal.setMaxListeners(0);

/** `deliveries`: whether the seal queued webhook deliveries (the dispatcher's cue). */
export const notifyEventsSealed = (tenantId: string, deliveries: boolean) =>
  signal.emit('sealed', tenantId, deliveries);

export function onEventsSealed(
  listener: (tenantId: string, deliveries: boolean) => void,
): () => void {
  signal.on('sealed', listener);
  return () => signal.off('sealed', listener);
}
