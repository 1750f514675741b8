import type { DestinationStream, LoggerOptions } from 'pino';

/**
 * ID numbers, phones, passwords, password hashes and tokens never reach the logs (GB/T 35273;
 * 网络安全法 Art. 21 keeps logs for six months, so what they hold matters). Three layers:
 * 1. known keys are redacted (`REDACT_PATHS`);
 * 2. errors are serialized from an allow-list of fields: a database error carries the statement's
 *    parameters (PGlite sets `params`/`query`, others `parameters`), which held a registrant's full
 *    ID number, phone and argon2 hash;
 * 3. every finished line, message text included, passes `maskPiiInText` just before it is written
 *    (pino's `streamWrite` hook), whatever key or string the number hides in.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.password_hash',
  '*.idNumber',
  '*.id_number',
  '*.legalRepIdNumber',
  '*.legal_rep_id_number',
  '*.phone',
  '*.token',
  '*.otp',
  'body.password',
  'body.idNumber',
  'body.phone',
];

// Digits not preceded or followed by another digit: `\b` would miss "idNumber411202…" and "tel:139…".
const ID_IN_TEXT = /(?<!\d)(\d{4})\d{10}(\d{3}[\dXx])(?!\d)/g;
const PHONE_IN_TEXT = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
// PHC string format of argon2 (and any other `$id$…` hash a library may produce for passwords).
const PASSWORD_HASH = /\$argon2(?:id|i|d)?\$[^\s"',]*/g;

/** Masks ID numbers, mobile numbers and password hashes wherever they appear in text. */
export function maskPiiInText(text: string): string {
  return text
    .replace(PASSWORD_HASH, '[redacted]')
    .replace(ID_IN_TEXT, '$1**********$2')
    .replace(PHONE_IN_TEXT, '$1****$2');
}

/**
 * The fields of an error worth logging. Never parameters, the statement, or the whole object: the
 * PostgreSQL `detail` ("Key (id_number)=(…) already exists") is kept for diagnosis and masked by the
 * line hook like everything else.
 */
const ERROR_FIELDS = [
  'code',
  'statusCode',
  'severity',
  'detail',
  'hint',
  'constraint',
  'table',
  'column',
  'schema',
  'routine',
] as const;

export function serializeError(err: unknown, depth = 0): Record<string, unknown> | unknown {
  if (!(err instanceof Error) && (typeof err !== 'object' || err === null)) return err;
  const e = err as Error & Record<string, unknown>;
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? 'Error',
    message: typeof e.message === 'string' ? e.message : String(e.message),
  };
  for (const k of ERROR_FIELDS) {
    const v = e[k];
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  if (typeof e.stack === 'string') out.stack = e.stack;
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  if (Array.isArray(e.errors) && depth < 3)
    out.errors = e.errors.slice(0, 5).map((x) => serializeError(x, depth + 1));
  return out;
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(req: { method: string; url: string; id: string; ip?: string }) {
        // A megabyte query string (refused with 414) is not worth a megabyte of log.
        const url = req.url.length > 2048 ? `${req.url.slice(0, 2048)}…` : req.url;
        return { id: req.id, method: req.method, url, ip: req.ip };
      },
      err: serializeError,
      error: serializeError,
    },
    hooks: { streamWrite: maskPiiInText },
  };
}

/** Options for Fastify's logger: pino's, plus where lines go (stdout unless given). */
export function fastifyLoggerOptions(level: string, stream?: DestinationStream) {
  return { ...loggerOptions(level), ...(stream ? { stream } : {}) };
}
