import type { KeyStore } from '../crypto/keystore.js';
import { sm2Sign, sm3 } from '../crypto/sm2.js';
import type { Db } from '../db/database.js';
import { checkpointMessage } from './chain.js';
import { chainHead, chainPending } from './chainer.js';
import { auditTables, CHECKPOINT_COLUMNS } from './tables.js';

/** The key owner name the audit signing keys are filed under in their key store. */
export const AUDIT_KEY_OWNER = 'AUDIT';

export interface Checkpoint {
  id: number;
  chainPos: number;
  headHash: string;
  signedAt: Date;
  keyId: string;
  prev: string | null;
  signature: string;
}

/**
 * Signs the chain head (SM2, with the audit key from its own key store, never in the database), so
 * that entries cut from the end of the chain, or a chain re-hashed from an altered row onwards, no
 * longer match a signature only the key holder could make. Nothing is signed when the head has not
 * moved since the last checkpoint.
 */
export async function signCheckpoint(db: Db, keys: KeyStore, now = new Date()): Promise<Checkpoint | null> {
  await chainPending(db);
  const head = await chainHead(db);
  if (!head) return null;
  const t = auditTables(db);
  const last = await t
    .selectFrom('audit_checkpoints')
    .select(CHECKPOINT_COLUMNS)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last && Number(last.chain_pos) === head.chainPos) return null;
  const key = keys.activeKey(AUDIT_KEY_OWNER) ?? keys.generate(AUDIT_KEY_OWNER);
  const signedAt = new Date(Math.floor(now.getTime()));
  const prev = last ? sm3(last.signature) : null;
  const signature = sm2Sign(
    checkpointMessage({ chainPos: head.chainPos, headHash: head.hash, signedAt, prev }),
    key,
  );
  const row = await t
    .insertInto('audit_checkpoints')
    .values({
      chain_pos: head.chainPos,
      head_hash: head.hash,
      signed_at: signedAt,
      key_id: key.kid,
      prev,
      signature,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: Number(row.id),
    chainPos: head.chainPos,
    headHash: head.hash,
    signedAt,
    keyId: key.kid,
    prev,
    signature,
  };
}
