import type { KeyStore } from '../crypto/keystore.js';
import type { Db } from '../db/database.js';
import { chainHead, chainPending } from './chainer.js';
import { signCheckpoint } from './checkpoint.js';
import { type AuditFilter, listAudit } from './query.js';
import { verifyAudit } from './verify.js';

export { type AuditEntry, type AuditOutcome, actorOf, maskLoginName, record } from './record.js';

/** Chain interval: the chainer links new entries within a job tick of their commit. */
export const AUDIT_CHAIN_INTERVAL_MS = 2_000;

/** The audit log as the composition root wires it: chainer and checkpoint jobs, the auditor's reads. */
export function createAuditLog(db: Db, keys: KeyStore) {
  return {
    keys,
    chain: () => chainPending(db),
    head: () => chainHead(db),
    checkpoint: (now?: Date) => signCheckpoint(db, keys, now),
    verify: () => verifyAudit(db, keys.publicKeys()),
    list: (f: AuditFilter) => listAudit(db, f),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
