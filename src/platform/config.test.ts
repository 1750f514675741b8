import { describe, expect, it } from 'vitest';
import { ConfigError, isProduction, loadConfig, secureCookies } from './config.js';

describe('loadConfig', () => {
  it('uses the documented defaults on an empty environment', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      LOG_LEVEL: 'info',
    });
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadConfig({}).SEED_DEMO).toBeUndefined();
  });

  it('stops on a bad value with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO/);
  });

  it('reads SEED_DEMO=1 as true and SEED_DEMO=0 as false', () => {
    expect(loadConfig({ SEED_DEMO: '1' }).SEED_DEMO).toBe(true);
    expect(loadConfig({ SEED_DEMO: '0' }).SEED_DEMO).toBe(false);
  });

  it('turns production mode on with NODE_ENV=production or PRODUCTION=1, and Secure cookies with it', () => {
    expect(isProduction(loadConfig({}))).toBe(false);
    expect(isProduction(loadConfig({ NODE_ENV: 'production' }))).toBe(true);
    expect(isProduction(loadConfig({ NODE_ENV: 'production', PRODUCTION: '0' }))).toBe(false);
    expect(isProduction(loadConfig({ PRODUCTION: '1' }))).toBe(true);
    expect(secureCookies(loadConfig({ PRODUCTION: '1' }))).toBe(true);
    expect(secureCookies(loadConfig({ PRODUCTION: '1', SECURE_COOKIES: '0' }))).toBe(false);
    expect(secureCookies(loadConfig({}))).toBe(false);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('bounds every database wait by default, and refuses nonsense bounds', () => {
    expect(loadConfig({})).toMatchObject({
      DB_POOL_MAX: 20,
      DB_CONNECT_TIMEOUT_MS: 3000,
      DB_STATEMENT_TIMEOUT_MS: 15000,
      DB_LOCK_TIMEOUT_MS: 3000,
      DB_IDLE_TX_TIMEOUT_MS: 30000,
      DB_PREPARED_STATEMENTS: true,
      REQUEST_TIMEOUT_MS: 30000,
      PASSWORD_HASH_CONCURRENCY: 2,
      PASSWORD_HASH_QUEUE: 8,
    });
    expect(loadConfig({ DB_LOCK_TIMEOUT_MS: '500' }).DB_LOCK_TIMEOUT_MS).toBe(500);
    expect(() => loadConfig({ DB_LOCK_TIMEOUT_MS: '0' })).toThrow(/DB_LOCK_TIMEOUT_MS/);
    expect(() => loadConfig({ DB_POOL_MAX: 'many' })).toThrow(/DB_POOL_MAX/);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: '0' }).DB_PREPARED_STATEMENTS).toBe(false);
    expect(loadConfig({ DB_PREPARED_STATEMENTS: '' }).DB_PREPARED_STATEMENTS).toBe(true);
    expect(() => loadConfig({ DB_PREPARED_STATEMENTS: 'sometimes' })).toThrow(/DB_PREPARED_STATEMENTS/);
    expect(() => loadConfig({ PASSWORD_HASH_CONCURRENCY: '0' })).toThrow(/PASSWORD_HASH_CONCURRENCY/);
  });
});
