import { EventEmitter } from 'node:events';

/**
 * Tells this process's dispatchers and event streams that a tenant's events were sealed
 * (sequenced, webhooks queued), so a delivery starts at once instead of at the next poll.
 * Other processes find the work by polling.
 */
const signal = new EventEmitter();
signal.setMaxListeners(0);

export const notifyEventsSealed = (tenantId: string) => signal.emit('sealed', tenantId);

export function onEventsSealed(listener: (tenantId: string) => void): () => void {
  signal.on('sealed', listener);
  return () => signal.off('sealed', listener);
}
