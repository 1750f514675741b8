import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import smCrypto from 'sm-crypto';

/**
 * SM2 signatures with SM3 digests (GB/T 32918, GB/T 32905), as the national e-licence standards
 * require, through the `sm-crypto` package. Keys and signatures are hex: a private key is 64 hex
 * digits, a public key the uncompressed point `04‖x‖y` (130), a signature `r‖s` (128).
 */
const { sm3: sm3Hex } = smCrypto;
// Functions sm-crypto has and its type definitions leave out.
const sm2 = smCrypto.sm2 as typeof smCrypto.sm2 & {
  generateKeyPairHex(seed?: string, radix?: number): Sm2KeyPair;
  verifyPublicKey(publicKey: string): boolean;
  getPublicKeyFromPrivateKey(privateKey: string): string;
};

// sm-crypto draws its secrets (private keys, and the per-signature nonce k) from an RC4 stream seeded
// once; RC4's biased early output is a poor source for an ECDSA-style nonce, where a bias leaks the
// key. Secrets come from Node's CSPRNG instead: a key through the seed argument of
// generateKeyPairHex, the nonce through the point pool doSignature takes.
const jsbn = createRequire(createRequire(import.meta.url).resolve('sm-crypto'))('jsbn') as {
  BigInteger: new (value: string, radix: number) => unknown;
};

/** The signer's distinguishing identifier of GB/T 32918 (the standard's default, as sm-crypto's). */
export const SM2_USER_ID = '1234567812345678';

export interface Sm2KeyPair {
  privateKey: string;
  publicKey: string;
}

const HEX = (n: number) => new RegExp(`^[0-9a-f]{${n}}$`);
const PRIVATE = HEX(64);
const SIGNATURE = HEX(128);
const PUBLIC = /^04[0-9a-f]{128}$/;

function randomKeyPair(): Sm2KeyPair {
  // 256 random bits reduced into [1, n-1] by sm-crypto (the bias of the reduction is < 2^-200).
  return sm2.generateKeyPairHex(randomBytes(32).toString('hex'), 16);
}

export function generateSm2KeyPair(): Sm2KeyPair {
  return randomKeyPair();
}

/** Whether `publicKey` is an uncompressed point on the SM2 curve. */
export function isSm2PublicKey(publicKey: string): boolean {
  return PUBLIC.test(publicKey) && sm2.verifyPublicKey(publicKey);
}

export function sm2PublicKeyOf(privateKey: string): string {
  if (!PRIVATE.test(privateKey)) throw new RangeError('SM2 private key must be 64 hex digits');
  return sm2.getPublicKeyFromPrivateKey(privateKey);
}

/** Signs the UTF-8 bytes of `message`: e = SM3(Z_A ‖ M), signature r‖s in hex. */
export function sm2Sign(message: string, keys: Sm2KeyPair): string {
  const nonce = randomKeyPair();
  const point = {
    ...nonce,
    k: new jsbn.BigInteger(nonce.privateKey, 16),
    x1: new jsbn.BigInteger(nonce.publicKey.slice(2, 66), 16),
  };
  return sm2.doSignature(message, keys.privateKey, {
    hash: true,
    der: false,
    publicKey: keys.publicKey,
    userId: SM2_USER_ID,
    pointPool: [point as never],
  });
}

/** Whether `signature` (r‖s hex) is `publicKey`'s signature of the UTF-8 bytes of `message`. */
export function sm2Verify(message: string, signature: string, publicKey: string): boolean {
  if (!SIGNATURE.test(signature) || !PUBLIC.test(publicKey)) return false;
  try {
    return sm2.doVerifySignature(message, signature, publicKey, {
      hash: true,
      der: false,
      userId: SM2_USER_ID,
    });
  } catch {
    return false;
  }
}

/** SM3 digest of the UTF-8 bytes of `message`, hex. */
export function sm3(message: string): string {
  return sm3Hex(message);
}
