import type { PublicKeyInfo } from '../../platform/crypto/keystore.js';
import type { Db } from '../../platform/db/database.js';
import * as repo from './repo.js';
import { dateProblem, type TokenPayload, verifyTokenSignature } from './token.js';

export interface OfflineResult {
  valid: boolean;
  reason?: string;
  payload?: TokenPayload;
}

/**
 * Verification with nothing but the departments' public keys: the signature, the identifier's check
 * character and the dates. Revocation needs the register, so an offline "valid" says the licence was
 * issued as shown and is within its term, not that it has not been revoked since.
 */
export function verifyOffline(token: string, keys: PublicKeyInfo[], today: string): OfflineResult {
  const byKid = new Map(keys.map((k) => [k.kid, k.publicKey]));
  const r = verifyTokenSignature(token, (kid) => byKid.get(kid));
  if (!r.ok) return { valid: false, reason: r.reason, payload: r.payload };
  const dates = dateProblem(r.payload, today);
  return dates ? { valid: false, reason: dates, payload: r.payload } : { valid: true, payload: r.payload };
}

/** The public keys registered in the database (for a verifier that can reach it). */
export async function publicKeysFromDatabase(db: Db): Promise<PublicKeyInfo[]> {
  return (await repo.signingKeys(db)).map((k) => ({
    kid: k.key_id,
    departmentCode: k.department_code,
    publicKey: k.public_key,
    createdAt: k.created_at.toISOString(),
  }));
}
