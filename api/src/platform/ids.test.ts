import { randomFillSync } from 'node:crypto';
import { fromString, fromUUIDBytes, toUUID } from 'typeid-js';
import { version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { isId, newId, typeIdSuffix } from './ids.js';

describe('newId', () => {
  it('makes TypeIDs that typeid-js reads back as UUIDv7s', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newId('account');
      expect(isId('account', id)).toBe(true);
      expect(version(toUUID(fromString(id, 'acct')))).toBe(7);
    }
  });

  it('encodes every bit as typeid-js does', () => {
    const patterns = [0x00, 0xff, 0x55, 0xaa].map((b) => new Uint8Array(16).fill(b));
    const random = Array.from({ length: 500 }, () => randomFillSync(new Uint8Array(16)));
    for (const bytes of [...patterns, ...random]) {
      expect(`x_${typeIdSuffix(bytes)}`).toBe(fromUUIDBytes('x', bytes));
    }
  });

  it('sorts by creation within the process, as UUIDv7 does', () => {
    const ids = Array.from({ length: 5000 }, () => newId('event'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
