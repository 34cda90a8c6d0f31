import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const positiveInt = z.coerce.number().int().positive();

/** Every environment variable the platform reads, with its default. Documented in README.md. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  FIN_DATA_DIR: z.string().min(1).default('./.finaceverse'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: positiveInt.max(200).default(10),
  FIN_BOOTSTRAP_PARTNER_KEY: z
    .string()
    .regex(/^psk_[0-9A-Za-z]{24,64}$/, 'must look like psk_ followed by 24-64 letters or digits')
    .optional(),
  FIN_DEMO: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FIN_RATE_LIMIT_TENANT_PER_SECOND: positiveInt.default(100),
  FIN_RATE_LIMIT_TENANT_BURST: positiveInt.default(200),
  FIN_RATE_LIMIT_KEY_PER_SECOND: positiveInt.default(50),
  FIN_RATE_LIMIT_KEY_BURST: positiveInt.default(100),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  FIN_WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  FIN_WEBHOOK_TIMEOUT_MS: positiveInt.max(60_000).default(15_000),
  FIN_WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, 'must be comma-separated seconds, e.g. 5,300,1800')
    .default('5,300,1800,7200,18000,36000,36000')
    .transform((v) => v.split(',').map(Number)),
  FIN_WEBHOOK_DISABLE_AFTER_SECONDS: positiveInt.default(5 * 24 * 3600),
  FIN_WEBHOOK_POLL_MS: positiveInt.max(60_000).default(1000),
  FIN_WEBHOOK_CONCURRENCY: positiveInt.max(500).default(20),
  FIN_WEBHOOK_DISPATCH: bool.default(true),
  SVIX_API_KEY: z.string().min(1).optional(),
  SVIX_SERVER_URL: z.url().optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; a bad value throws naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((k) =>
      env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]],
    ),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
