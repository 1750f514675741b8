import { z } from 'zod';

const Config = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  SEED_DEMO: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : v === '1' || v === 'true')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(8),
  /** Largest upload accepted, in MiB. */
  FILE_SIZE_LIMIT_MB: z.coerce.number().positive().max(1024).default(20),
  /** The region this deployment's portal serves (its region picker starts there). */
  HOME_REGION_CODE: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit region code (GB/T 2260)')
    .default('411200'),
  /** The portal's name as shown to the public (title, header, printed guides). */
  PORTAL_NAME: z.string().trim().min(2).max(40).default('豫中政务服务网'),
});

export type AppConfig = z.infer<typeof Config>;

export class ConfigError extends Error {}

/** Reads the environment once; a bad value stops start-up with the variable's name. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const picked = Object.fromEntries(
    Object.keys(Config.shape).map((k) => [k, env[k] === '' && k !== 'SEED_DEMO' ? undefined : env[k]]),
  );
  const parsed = Config.safeParse(picked);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
