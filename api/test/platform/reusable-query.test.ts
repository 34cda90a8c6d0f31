import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reusableQuery } from '../../src/platform/db/driver.js';
import { openTestDatabase } from '../support/database.js';

let handle: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  handle = await openTestDatabase();
});

afterAll(async () => {
  await handle.drop();
});

describe('queries compiled once', () => {
  it('binds each call its own values, in the places the builder put them', async () => {
    const pair = reusableQuery(['first', 'second'], (db, v) =>
      db.selectNoFrom((eb) => [
        eb.val(v.second).as('b'),
        eb.val('fixed').as('c'),
        eb.val(v.first).as('a'),
      ]),
    );
    const one = await pair(handle.db, { first: 'x', second: 'y' });
    const two = await pair(handle.db, { first: 'p', second: 'q' });
    expect(one.rows).toEqual([{ a: 'x', b: 'y', c: 'fixed' }]);
    expect(two.rows).toEqual([{ a: 'p', b: 'q', c: 'fixed' }]);
  });

  it('refuses a named value the query does not bind exactly once', async () => {
    const unused = reusableQuery(['id', 'other'], (db, v) =>
      db.selectNoFrom((eb) => eb.val(v.id).as('id')),
    );
    await expect(async () => unused(handle.db, { id: 'x', other: 'y' })).rejects.toThrow(
      "value 'other' must be bound exactly once",
    );
  });
});
