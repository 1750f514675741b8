import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { generateSm2KeyPair, isSm2PublicKey, sm2PublicKeyOf, sm3 } from './sm2.js';

/**
 * Signing keys of the issuing departments (one SM2 key pair each, several over time). A private key
 * lives only in its own file, `<kid>.key`, readable by the service alone (mode 0600); the public
 * halves are also exported to `public-keys.json`, which is all an offline verifier needs. A key id
 * names the department and a hash of the public key, so a rotated key gets a new id and tokens signed
 * with the old one still verify.
 */
export interface PublicKeyInfo {
  kid: string;
  departmentCode: string;
  publicKey: string;
  /** ISO instant */
  createdAt: string;
}

export interface SigningKey extends PublicKeyInfo {
  privateKey: string;
}

export const PUBLIC_KEYS_FILE = 'public-keys.json';

export interface PublicKeyFile {
  format: 'tongban-licence-keys/v1';
  algorithm: 'SM2-with-SM3';
  keys: PublicKeyInfo[];
}

export function keyIdOf(departmentCode: string, publicKey: string): string {
  return `${departmentCode}-${sm3(publicKey).slice(0, 12)}`;
}

export function createKeyStore(dir: string) {
  const signing = new Map<string, SigningKey>();
  const known = new Map<string, PublicKeyInfo>();

  function writePublicFile(): void {
    const body: PublicKeyFile = {
      format: 'tongban-licence-keys/v1',
      algorithm: 'SM2-with-SM3',
      keys: [...known.values()].sort((a, b) => a.kid.localeCompare(b.kid)),
    };
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${PUBLIC_KEYS_FILE}.${process.pid}.tmp`);
    writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
    renameSync(tmp, join(dir, PUBLIC_KEYS_FILE));
  }

  function remember(k: PublicKeyInfo): boolean {
    if (known.has(k.kid) || !isSm2PublicKey(k.publicKey)) return false;
    known.set(k.kid, {
      kid: k.kid,
      departmentCode: k.departmentCode,
      publicKey: k.publicKey,
      createdAt: k.createdAt,
    });
    return true;
  }

  return {
    dir,

    /** Reads the private keys (and any exported public keys) from the directory. */
    load(): void {
      if (!existsSync(dir)) return;
      for (const f of readdirSync(dir)) {
        if (!f.endsWith('.key')) continue;
        const k = JSON.parse(readFileSync(join(dir, f), 'utf8')) as SigningKey;
        if (sm2PublicKeyOf(k.privateKey) !== k.publicKey || keyIdOf(k.departmentCode, k.publicKey) !== k.kid)
          throw new Error(`licence signing key ${f} is damaged: its halves or its id do not match`);
        signing.set(k.kid, k);
        remember(k);
      }
      const pub = join(dir, PUBLIC_KEYS_FILE);
      if (existsSync(pub)) {
        for (const k of (JSON.parse(readFileSync(pub, 'utf8')) as PublicKeyFile).keys ?? []) remember(k);
      }
    },

    /** The newest key of a department that this process can sign with. */
    activeKey(departmentCode: string): SigningKey | undefined {
      let best: SigningKey | undefined;
      for (const k of signing.values()) {
        if (k.departmentCode !== departmentCode) continue;
        if (!best || k.createdAt > best.createdAt) best = k;
      }
      return best;
    },

    /**
     * A new key pair for the department, written before it is used (synchronously, so two issues in
     * one process never race to create two keys).
     */
    generate(departmentCode: string, now = new Date()): SigningKey {
      const pair = generateSm2KeyPair();
      const key: SigningKey = {
        kid: keyIdOf(departmentCode, pair.publicKey),
        departmentCode,
        publicKey: pair.publicKey,
        privateKey: pair.privateKey,
        createdAt: now.toISOString(),
      };
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, `${key.kid}.key`);
      writeFileSync(file, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      signing.set(key.kid, key);
      remember(key);
      writePublicFile();
      return key;
    },

    /** Adds public keys learnt elsewhere (the database: keys of other processes); re-exports if new. */
    addPublic(keys: PublicKeyInfo[]): void {
      let added = false;
      for (const k of keys) added = remember(k) || added;
      if (added || !existsSync(join(dir, PUBLIC_KEYS_FILE))) writePublicFile();
    },

    publicKey(kid: string): PublicKeyInfo | undefined {
      return known.get(kid);
    },

    publicKeys(): PublicKeyInfo[] {
      return [...known.values()];
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;

/** Reads an exported public-key file (for offline verification). */
export function readPublicKeyFile(file: string): PublicKeyInfo[] {
  const body = JSON.parse(readFileSync(file, 'utf8')) as PublicKeyFile;
  if (body.format !== 'tongban-licence-keys/v1' || !Array.isArray(body.keys))
    throw new Error(`${file} is not a Tongban public-key file`);
  return body.keys.filter((k) => isSm2PublicKey(k.publicKey));
}
