import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import smCrypto from 'sm-crypto';

/**
 * Field encryption of personal data in the accounts table (GB/T 39786 / 等保 level 3 asks for the
 * confidentiality and integrity of important personal data at rest): SM4-CBC with a fresh IV per
 * value, then HMAC-SM3 over key id, IV and ciphertext (encrypt-then-MAC, so a changed or swapped
 * value is refused instead of decrypting to garbage). Lookups go through a keyed blind index
 * (HMAC-SM3 of the normalised value under its own key): equal values give equal indexes, and without
 * the key a database dump reveals neither the numbers nor which rows share one (a plain hash of an
 * 11-digit phone would be reversed by trying every number).
 *
 * The keys live in one file beside the licence signing keys (mode 0600, DATA_DIR/keys or
 * LICENCE_KEYS_DIR), never in the database: a database dump or backup alone reveals nothing.
 */
// Not `*.key`: that suffix is the licence key store's (one SM2 signing key per file).
export const PII_KEY_FILE = 'pii-keys.json';

interface PiiKeyFile {
  format: 'tongban-pii-keys/v1';
  kid: string;
  /** SM4 key, 16 bytes hex */
  encKey: string;
  /** HMAC-SM3 key for ciphertext integrity, 32 bytes hex */
  macKey: string;
  /** HMAC-SM3 key for the blind index, 32 bytes hex */
  indexKey: string;
  createdAt: string;
}

export type IndexedField = 'id_number' | 'phone' | 'login' | 'sms_code';

export interface PiiCipher {
  kid: string;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Keyed blind index of a normalised value of one field. */
  index(field: IndexedField, value: string): string;
  isSealed(value: string): boolean;
}

const hmacSm3 = (keyHex: string, text: string): string => smCrypto.sm3(text, { key: keyHex });

function cipherOf(k: PiiKeyFile): PiiCipher {
  const mac = (iv: string, ct: string) => hmacSm3(k.macKey, `${k.kid}:${iv}:${ct}`);
  return {
    kid: k.kid,
    encrypt(plain) {
      const iv = randomBytes(16).toString('hex');
      const ct = smCrypto.sm4.encrypt(plain, k.encKey, { mode: 'cbc', iv }) as string;
      return `sm4:${k.kid}:${iv}:${ct}:${mac(iv, ct)}`;
    },
    decrypt(sealed) {
      const [scheme, kid, iv, ct, tag] = sealed.split(':');
      if (scheme !== 'sm4' || !iv || !ct || !tag) throw new Error('not an SM4-sealed value');
      if (kid !== k.kid) throw new Error(`value sealed under unknown PII key ${kid}`);
      const want = Buffer.from(mac(iv, ct), 'hex');
      const got = Buffer.from(tag, 'hex');
      if (got.length !== want.length || !timingSafeEqual(got, want))
        throw new Error('sealed value failed its integrity check');
      return smCrypto.sm4.decrypt(ct, k.encKey, { mode: 'cbc', iv }) as string;
    },
    index(field, value) {
      return hmacSm3(k.indexKey, `${field}\u0000${value}`);
    },
    isSealed: (v) => v.startsWith('sm4:'),
  };
}

/**
 * Loads the PII key file from `dir`, creating it on first start. `mayCreate` is false when the
 * database already holds sealed values: a new key then would make every one of them unreadable, so
 * start-up stops and names the missing file instead.
 */
export function loadPiiCipher(dir: string, mayCreate: () => boolean | Promise<boolean>): Promise<PiiCipher> {
  return (async () => {
    const file = join(dir, PII_KEY_FILE);
    if (!existsSync(file)) {
      if (!(await mayCreate()))
        throw new Error(
          `${file} is missing but the database holds personal data sealed with it: restore the key file (keys are never stored in the database)`,
        );
      const k: PiiKeyFile = {
        format: 'tongban-pii-keys/v1',
        kid: randomBytes(4).toString('hex'),
        encKey: randomBytes(16).toString('hex'),
        macKey: randomBytes(32).toString('hex'),
        indexKey: randomBytes(32).toString('hex'),
        createdAt: new Date().toISOString(),
      };
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      try {
        writeFileSync(file, `${JSON.stringify(k, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        chmodSync(file, 0o600);
      } catch (e) {
        // Another process sharing the key directory created it first: use theirs.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    const k = JSON.parse(readFileSync(file, 'utf8')) as PiiKeyFile;
    if (
      k.format !== 'tongban-pii-keys/v1' ||
      !/^[0-9a-f]{32}$/.test(k.encKey) ||
      !/^[0-9a-f]{64}$/.test(k.macKey) ||
      !/^[0-9a-f]{64}$/.test(k.indexKey)
    )
      throw new Error(`${file} is not a valid Tongban PII key file`);
    return cipherOf(k);
  })();
}

/** A cipher with fixed test keys (unit tests only). */
export function testPiiCipher(): PiiCipher {
  return cipherOf({
    format: 'tongban-pii-keys/v1',
    kid: 'test0000',
    encKey: '0123456789abcdeffedcba9876543210',
    macKey: 'a'.repeat(64),
    indexKey: 'b'.repeat(64),
    createdAt: '2026-01-01T00:00:00.000Z',
  });
}
