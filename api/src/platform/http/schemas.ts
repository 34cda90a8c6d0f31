import { z } from '@hono/zod-openapi';

/** Path parameter `{id}`: any string; an unknown or foreign id answers 404. */
export const idParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export const jsonContent = <T extends z.ZodTypeAny>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const timestamp = () =>
  z.string().openapi({ format: 'date-time', example: '2026-11-22T09:30:00.000Z' });
