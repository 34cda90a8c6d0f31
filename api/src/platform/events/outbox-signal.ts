import { EventEmitter } from 'node:events';

/**
 * Tells this process's dispatchers that a transaction committed events, so a delivery
 * starts at once instead of at the next poll. Other processes find the work by polling.
 */
const signal = new EventEmitter();
signal.setMaxListeners(0);

export const notifyEventsCommitted = (tenantId: string) => signal.emit('committed', tenantId);

export function onEventsCommitted(listener: (tenantId: string) => void): () => void {
  signal.on('committed', listener);
  return () => signal.off('committed', listener);
}
