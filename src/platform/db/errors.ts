import { AppError } from '../errors.js';

/**
 * What a failed database call means for the caller, decided in this one place for both engines and
 * every layer (pg, pg-pool, Kysely, the pool guard in database.ts):
 * - `busy`: another session holds what this one needs (a row lock not had within lock_timeout, a
 *   deadlock victim, a serialization failure). Nothing was changed; the same request may be retried.
 * - `unavailable`: the database does not answer, or not in time (refused or dropped connections, a
 *   server restarting or shutting down, a full pool, statement_timeout). The transaction did not commit.
 * Anything else (a constraint, a bad query) is a program error and stays unclassified.
 */
export type DatabaseFault = 'busy' | 'unavailable';

const BUSY_STATES = new Set([
  '55P03', // lock_not_available: lock_timeout, or NOWAIT
  '40P01', // deadlock_detected
  '40001', // serialization_failure
]);

const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: the server is stopping or an operator ended the session
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '57P05', // idle_session_timeout
  '57014', // query_canceled: statement_timeout
  '25P03', // idle_in_transaction_session_timeout
  '53300', // too_many_connections
]);

/** SQLSTATE classes that mean the server or the link failed, not the statement. */
const UNAVAILABLE_CLASSES = [
  '08' /* connection exception */,
  '53' /* insufficient resources */,
  '58' /* system error */,
];

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// pg and pg-pool report a lost or refused connection as plain Errors with these messages.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/i,
  /^Query read timeout$/,
  /is not queryable/,
  /^Client has encountered a connection error/,
  /the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)/,
  /Cannot use a pool after calling end on the pool/,
];

/** Raised by the pool guard (database.ts) when no connection could be had in time. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'TB_DB_UNAVAILABLE';
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  syscall?: unknown;
  cause?: unknown;
  errors?: unknown;
}

function classifyOne(e: ErrorLike): DatabaseFault | null {
  if (e instanceof DatabaseUnavailableError) return 'unavailable';
  const code = typeof e.code === 'string' ? e.code : '';
  // Before SQLSTATEs: EPIPE has five letters too.
  if (NETWORK_CODES.has(code)) return 'unavailable';
  if (/^[0-9A-Z]{5}$/.test(code)) {
    if (BUSY_STATES.has(code)) return 'busy';
    if (UNAVAILABLE_STATES.has(code) || UNAVAILABLE_CLASSES.includes(code.slice(0, 2))) return 'unavailable';
    return null;
  }
  // A Unix socket that is not there (the server is down) is ENOENT from connect().
  if (code === 'ENOENT' && e.syscall === 'connect') return 'unavailable';
  const message = typeof e.message === 'string' ? e.message : '';
  if (UNAVAILABLE_MESSAGES.some((r) => r.test(message))) return 'unavailable';
  return null;
}

/** The fault a database error stands for, looking through `cause` chains and AggregateErrors. */
export function classifyDatabaseError(err: unknown): DatabaseFault | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const fault = classifyOne(e as ErrorLike);
    if (fault) return fault;
    const { cause, errors } = e as ErrorLike;
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return null;
}

/** Seconds a client should wait before retrying. */
const RETRY_BUSY_S = 2;
const RETRY_UNAVAILABLE_S = 5;

export const busy = () =>
  new AppError(409, 'busy', '对象正忙', '该事项正由其他操作处理中，请稍后重试', undefined, {
    'retry-after': String(RETRY_BUSY_S),
  });

export const databaseUnavailable = () =>
  new AppError(503, 'database_unavailable', '服务暂不可用', '数据库暂时无法访问，请稍后重试', undefined, {
    'retry-after': String(RETRY_UNAVAILABLE_S),
  });

/** The problem a database error answers with, or null when it is not a database fault. */
export function databaseProblem(err: unknown): AppError | null {
  const fault = classifyDatabaseError(err);
  if (fault === 'busy') return busy();
  if (fault === 'unavailable') return databaseUnavailable();
  return null;
}

/**
 * `.catch(passBusy)`: treats `busy` (another session holds the row past lock_timeout, a deadlock) as
 * "not now" and rethrows anything else. For background work over many objects, which should pass a
 * held one by and come back to it on its next run rather than stop at it.
 */
export function passBusy(err: unknown): void {
  if (classifyDatabaseError(err) !== 'busy') throw err;
}
