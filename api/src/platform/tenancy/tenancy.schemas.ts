import { z } from '@hono/zod-openapi';
import { roles } from '../auth/roles.js';
import { metadataSchema } from '../metadata.js';

export const TenantSchema = z
  .object({
    id: z.string().openapi({ example: 'ten_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('tenant'),
    name: z.string(),
    metadata: z.record(z.string(), z.string()),
    created_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Tenant');

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: 'key_01jd8x2q3m4n5p6r7s8t9v0w1x' }),
    object: z.literal('api_key'),
    name: z.string().nullable(),
    role: z.enum(roles),
    redacted_key: z.string().openapi({ example: 'sk_…4f2a' }),
    secret: z
      .string()
      .optional()
      .openapi({ description: 'The secret key. Returned only once, when the key is created.' }),
    created_at: z.string().openapi({ format: 'date-time' }),
    revoked_at: z.string().nullable().openapi({ format: 'date-time' }),
  })
  .openapi('ApiKey');

export const TenantWithKeySchema = TenantSchema.extend({
  api_key: ApiKeySchema,
}).openapi('TenantWithKey', {
  description:
    "A new tenant with its first admin key; the key's secret is shown only in this response.",
});

export const CreateTenantSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    metadata: metadataSchema.optional(),
  })
  .openapi('CreateTenantRequest');

export const CreateApiKeySchema = z
  .strictObject({
    role: z.enum(roles),
    name: z.string().min(1).max(200).optional(),
  })
  .openapi('CreateApiKeyRequest');

export type Tenant = z.infer<typeof TenantSchema>;
export type ApiKey = z.infer<typeof ApiKeySchema>;
