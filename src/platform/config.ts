import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === '1' || v === 'true'));

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
  /** Sessions also end after this many minutes without a request (等保 2.0: timeout on inactivity). */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(30),
  /** NODE_ENV=production turns production mode on unless PRODUCTION=0; PRODUCTION=1 turns it on alone. */
  NODE_ENV: z.string().optional(),
  PRODUCTION: flag,
  /** `Secure` session cookies; default on in production mode, off otherwise (plain-HTTP local use). */
  SECURE_COOKIES: flag,
  /** Bearer token that /metrics requires; unset: /metrics answers 401 to everyone. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Largest upload accepted, in MiB. */
  FILE_SIZE_LIMIT_MB: z.coerce.number().positive().max(1024).default(20),
  /** The region this deployment's portal serves (its region picker starts there). */
  HOME_REGION_CODE: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit region code (GB/T 2260)')
    .default('411200'),
  /** The portal's name as shown to the public (title, header, printed guides). */
  PORTAL_NAME: z.string().trim().min(2).max(40).default('豫中政务服务网'),
  // Bounds on waiting for the database (docs/operations.md): no request may hang on it.
  /** Connections per process to PostgreSQL. */
  DB_POOL_MAX: z.coerce.number().int().min(2).max(500).default(20),
  /** Longest wait to open a connection or to get one from a full pool; then 503 database_unavailable. */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** Longest a statement may run on the server (statement_timeout). */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  /** Longest a statement waits for a row or table lock (lock_timeout); then 409 busy. */
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  /** A session idle inside an open transaction this long is ended by the server. */
  DB_IDLE_TX_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Named prepared statements on PostgreSQL (parse and plan once per connection); `0` turns them off. */
  DB_PREPARED_STATEMENTS: flag.transform((v) => v ?? true),
  /** Longest a client may take to send a whole request (Node's requestTimeout). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** Password hashes computed at once (argon2 runs on libuv's shared thread pool of four). */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** Logins that may wait for a hashing slot; beyond that they are refused at once (503, Retry-After). */
  PASSWORD_HASH_QUEUE: z.coerce.number().int().min(0).max(1_000).default(8),
  /** How often the audit chain's head is signed (docs/audit.md). */
  AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(10),
});

export type AppConfig = z.infer<typeof Config>;

/** Production mode: Secure cookies, no demo data unless SEED_DEMO=1 (see README). */
export function isProduction(c: Pick<AppConfig, 'NODE_ENV' | 'PRODUCTION'>): boolean {
  return c.PRODUCTION ?? c.NODE_ENV === 'production';
}

export function secureCookies(c: Pick<AppConfig, 'NODE_ENV' | 'PRODUCTION' | 'SECURE_COOKIES'>): boolean {
  return c.SECURE_COOKIES ?? isProduction(c);
}

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
