import { z } from '@hono/zod-openapi';

export const METADATA_MAX_KEYS = 50;

/** Up to 50 string pairs, keys ≤ 40 characters, values ≤ 500; stored and returned untouched. */
export const metadataSchema = z
  .record(
    z
      .string()
      .min(1, 'metadata keys cannot be empty')
      .max(40, 'metadata keys are at most 40 characters'),
    z.string().max(500, 'metadata values are at most 500 characters'),
  )
  .refine((m) => Object.keys(m).length <= METADATA_MAX_KEYS, {
    message: `metadata can hold at most ${METADATA_MAX_KEYS} keys`,
  })
  .openapi({
    description:
      'Set of up to 50 key-value pairs (keys up to 40 characters, values up to 500) stored on the object and returned untouched.',
    example: { order_id: '6735' },
  });

export type Metadata = z.infer<typeof metadataSchema>;
