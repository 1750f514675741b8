import type { PublicKeyInfo } from '../crypto/keystore.js';
import { sm2Verify, sm3 } from '../crypto/sm2.js';
import type { Db } from '../db/database.js';
import { type Break, checkpointMessage, createChainVerifier } from './chain.js';
import { auditTables, CHECKPOINT_COLUMNS, ENTRY_COLUMNS, type EntryRow, toEntry } from './tables.js';

const PAGE = 2_000;

export interface AuditVerification {
  ok: boolean;
  /** Chained entries walked. */
  entries: number;
  /** Entries committed but not linked yet (the chainer runs every few seconds while the app runs). */
  pending: number;
  head: { chainPos: number; hash: string } | null;
  checkpoints: number;
  /** The last checkpoint that matched the chain. */
  lastCheckpoint: { id: number; chainPos: number; signedAt: string } | null;
  /** The first broken entry (or checkpoint), in Chinese for the operator. */
  broken: Break | null;
  warnings: string[];
}

/**
 * Walks the whole chain in chain order, then checks every checkpoint: its signature with a trusted
 * public key (from the key directory, not from the database an attacker may have rewritten), its link
 * to the previous checkpoint, and that the chain still holds the head it signed.
 */
export async function verifyAudit(db: Db, trustedKeys: PublicKeyInfo[]): Promise<AuditVerification> {
  const t = auditTables(db);
  const checkpoints = (
    await t.selectFrom('audit_checkpoints').select(CHECKPOINT_COLUMNS).orderBy('id').execute()
  ).map((c) => ({ ...c, id: Number(c.id), chain_pos: Number(c.chain_pos) }));
  const verifier = createChainVerifier();
  for (const c of checkpoints) verifier.watch(c.chain_pos);

  let after = 0;
  for (;;) {
    const rows = (await t
      .selectFrom('audit_log')
      .select([...ENTRY_COLUMNS])
      .where('chain_pos', 'is not', null)
      .where('chain_pos', '>', after)
      .orderBy('chain_pos')
      .limit(PAGE)
      .execute()) as EntryRow[];
    for (const r of rows) verifier.feed(toEntry(r));
    if (rows.length < PAGE) break;
    after = Number(rows[rows.length - 1]!.chain_pos);
  }
  const walked = verifier.result();
  const warnings: string[] = [];

  const odd = await t
    .selectFrom('audit_log')
    .select(['seq', 'chain_pos'])
    .where((eb) =>
      eb.or([
        eb.and([eb('chain_pos', 'is', null), eb('hash', 'is not', null)]),
        eb.and([eb('chain_pos', 'is not', null), eb('hash', 'is', null)]),
      ]),
    )
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  let broken: Break | null = walked.broken;
  if (!broken && odd) {
    broken = {
      seq: Number(odd.seq),
      chainPos: Number(odd.chain_pos ?? 0),
      reason: `seq ${odd.seq} 的链字段不完整：该条被改动`,
    };
  }
  const pendingRow = await t
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('chain_pos', 'is', null)
    .where('hash', 'is', null)
    .executeTakeFirstOrThrow();
  const pending = Number(pendingRow.n);
  if (pending > 0) warnings.push(`${pending} 条记录尚未链接（服务运行时由链接任务在数秒内完成）`);

  const keys = new Map(trustedKeys.map((k) => [k.kid, k.publicKey]));
  let lastGood: AuditVerification['lastCheckpoint'] = null;
  let prevSignature: string | null = null;
  let prevPos = 0;
  for (const c of checkpoints) {
    if (broken) break;
    const label = `签名检查点 #${c.id}（${c.signed_at.toISOString()}，覆盖第 1–${c.chain_pos} 条）`;
    const fail = (reason: string, chainPos = c.chain_pos, seq: number | null = null) => {
      broken = { seq, chainPos, reason };
    };
    const expectedPrev = prevSignature === null ? null : sm3(prevSignature);
    if (c.prev !== expectedPrev) {
      fail(`${label} 与前一检查点不衔接：有检查点被删除或插入`);
      break;
    }
    const publicKey = keys.get(c.key_id);
    if (!publicKey) {
      fail(`${label} 的签名密钥 ${c.key_id} 不在受信任的公钥文件中`);
      break;
    }
    const message = checkpointMessage({
      chainPos: c.chain_pos,
      headHash: c.head_hash,
      signedAt: c.signed_at,
      prev: c.prev,
    });
    if (!sm2Verify(message, c.signature, publicKey)) {
      fail(`${label} 签名无效：检查点被改动`);
      break;
    }
    if (c.chain_pos < prevPos) {
      fail(`${label} 早于前一检查点：检查点顺序被改动`);
      break;
    }
    if (!walked.head || c.chain_pos > walked.head.chainPos) {
      const have = walked.head?.chainPos ?? 0;
      fail(`${label} 之后链只剩 ${have} 条：第 ${have + 1}–${c.chain_pos} 条已被从链尾删除`, have + 1);
      break;
    }
    if (walked.hashAt(c.chain_pos) !== c.head_hash) {
      fail(
        `第 ${c.chain_pos} 条的哈希与${label} 不符：第 ${prevPos + 1}–${c.chain_pos} 条中有记录被改动且整条链被重新计算`,
        prevPos + 1,
      );
      break;
    }
    lastGood = { id: c.id, chainPos: c.chain_pos, signedAt: c.signed_at.toISOString() };
    prevSignature = c.signature;
    prevPos = c.chain_pos;
  }
  if (!broken && checkpoints.length === 0 && walked.count > 0)
    warnings.push('尚无签名检查点：链尾被截去的记录无法被发现');
  if (!broken && lastGood && walked.head && walked.head.chainPos > lastGood.chainPos)
    warnings.push(`第 ${lastGood.chainPos + 1}–${walked.head.chainPos} 条尚未被签名检查点覆盖`);

  return {
    ok: broken === null,
    entries: walked.count,
    pending,
    head: walked.head,
    checkpoints: checkpoints.length,
    lastCheckpoint: lastGood,
    broken,
    warnings,
  };
}
