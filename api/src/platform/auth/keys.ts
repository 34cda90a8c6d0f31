import { createHash } from 'node:crypto';
import { randomToken } from '../ids.js';

/** Partner secret keys (psk_), tenant secret keys (sk_) and browser embed tokens (ek_). */
export type KeyKind = 'partner' | 'tenant' | 'embed';

const keyPattern = /^(psk|sk|ek)_([0-9A-Za-z]{24,64})$/;
const kindOfPrefix = { psk: 'partner', sk: 'tenant', ek: 'embed' } as const;
const prefixOfKind = { partner: 'psk', tenant: 'sk', embed: 'ek' } as const;

/** Parses a bearer secret into its kind; undefined when it is not one of ours. */
export function parseSecretKey(secret: string): KeyKind | undefined {
  const m = keyPattern.exec(secret);
  return m ? kindOfPrefix[m[1] as keyof typeof kindOfPrefix] : undefined;
}

/**
 * Keys carry 190 bits of randomness, so a fast unsalted SHA-256 is a safe one-way store
 * (no dictionary to attack) and lets the key be found by its hash in one indexed lookup.
 */
export function hashKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateKey(kind: KeyKind): { secret: string; hash: string; last4: string } {
  const secret = `${prefixOfKind[kind]}_${randomToken(32)}`;
  return { secret, hash: hashKey(secret), last4: secret.slice(-4) };
}

/** What is shown of a stored key: its prefix and last four characters. */
export const redactKey = (kind: KeyKind, last4: string) => `${prefixOfKind[kind]}_…${last4}`;
