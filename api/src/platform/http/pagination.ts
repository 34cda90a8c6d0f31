import { z } from '@hono/zod-openapi';
import type { SelectQueryBuilder } from 'kysely';

export const listQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(10)
    .openapi({ description: 'Number of objects to return, 1 to 100.', example: 10 }),
  starting_after: z.string().max(64).optional().openapi({
    description: 'Cursor: an object id; returns the page of objects created before it.',
  }),
  ending_before: z.string().max(64).optional().openapi({
    description: 'Cursor: an object id; returns the page of objects created after it.',
  }),
});

export type ListParams = z.infer<typeof listQuerySchema>;

export const listOf = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z
    .object({
      object: z.literal('list'),
      data: z.array(item),
      has_more: z.boolean(),
      url: z.string(),
    })
    .openapi(name);

export interface ListPage<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/**
 * Newest first, keyset-paginated on the sortable id. Ids are TypeIDs over UUIDv7, so id
 * order is creation order and a cursor never skips or repeats rows.
 */
export async function paginate<O extends { id: string }, R>(
  // biome-ignore lint/suspicious/noExplicitAny: any table (or join) whose rows carry a sortable id.
  query: SelectQueryBuilder<any, any, O>,
  params: ListParams,
  url: string,
  toObject: (row: O) => R,
): Promise<ListPage<R>> {
  // biome-ignore lint/suspicious/noExplicitAny: Kysely cannot type a column reference on a generic table.
  const id = 'id' as any;
  let q = query;
  if (params.ending_before) {
    q = q.where(id, '>', params.ending_before).orderBy(id, 'asc');
  } else {
    if (params.starting_after) q = q.where(id, '<', params.starting_after);
    q = q.orderBy(id, 'desc');
  }
  const rows = await q.limit(params.limit + 1).execute();
  const has_more = rows.length > params.limit;
  const data = rows.slice(0, params.limit);
  if (params.ending_before) data.reverse();
  return { object: 'list', data: data.map(toObject), has_more, url };
}
