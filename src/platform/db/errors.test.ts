import { describe, expect, it } from 'vitest';
import { classifyDatabaseError, DatabaseUnavailableError, databaseProblem } from './errors.js';

const pgError = (code: string, message = 'x') =>
  Object.assign(new Error(message), { code, severity: 'ERROR' });

describe('classifyDatabaseError', () => {
  it('calls a lock not had in time, a deadlock and a serialization failure busy', () => {
    expect(classifyDatabaseError(pgError('55P03', 'canceling statement due to lock timeout'))).toBe('busy');
    expect(classifyDatabaseError(pgError('40P01'))).toBe('busy');
    expect(classifyDatabaseError(pgError('40001'))).toBe('busy');
  });

  it('calls a stopping, restarting or unreachable server unavailable', () => {
    for (const code of ['57P01', '57P02', '57P03', '57014', '25P03', '53300', '08006', '08001', '58030'])
      expect(classifyDatabaseError(pgError(code)), code).toBe('unavailable');
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'])
      expect(classifyDatabaseError(Object.assign(new Error(code), { code })), code).toBe('unavailable');
    expect(classifyDatabaseError(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(classifyDatabaseError(new Error('timeout exceeded when trying to connect'))).toBe('unavailable');
    expect(classifyDatabaseError(new Error('Query read timeout'))).toBe('unavailable');
    expect(classifyDatabaseError(new DatabaseUnavailableError('no slot'))).toBe('unavailable');
    expect(
      classifyDatabaseError(
        Object.assign(new Error('connect ENOENT /tmp/.s.PGSQL.1'), { code: 'ENOENT', syscall: 'connect' }),
      ),
    ).toBe('unavailable');
  });

  it('looks inside AggregateErrors (IPv4 and IPv6 both refused) and cause chains', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(classifyDatabaseError(new AggregateError([refused, refused]))).toBe('unavailable');
    expect(classifyDatabaseError(new Error('wrapped', { cause: pgError('55P03') }))).toBe('busy');
  });

  it('leaves program errors and constraint violations alone', () => {
    expect(classifyDatabaseError(pgError('23505', 'duplicate key'))).toBeNull();
    expect(classifyDatabaseError(pgError('42P01', 'relation does not exist'))).toBeNull();
    expect(
      classifyDatabaseError(Object.assign(new Error('no file'), { code: 'ENOENT', syscall: 'open' })),
    ).toBeNull();
    expect(classifyDatabaseError(new TypeError('x is undefined'))).toBeNull();
    expect(classifyDatabaseError(undefined)).toBeNull();
  });
});

describe('databaseProblem', () => {
  it('answers 409 busy and 503 database_unavailable, both with Retry-After', () => {
    const b = databaseProblem(pgError('55P03'));
    expect(b).toMatchObject({ status: 409, code: 'busy' });
    expect(b?.headers?.['retry-after']).toMatch(/^\d+$/);
    const u = databaseProblem(pgError('57P01'));
    expect(u).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect(u?.headers?.['retry-after']).toMatch(/^\d+$/);
    expect(databaseProblem(pgError('23505'))).toBeNull();
  });
});
