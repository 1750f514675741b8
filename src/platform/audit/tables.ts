import type { ColumnType, Generated } from 'kysely';
import { columnsOf } from '../db/columns.js';
import type { DbOrTx } from '../db/database.js';
import type { ChainedEntry } from './chain.js';

export type AuditTables = {
  audit_log: {
    seq: Generated<number>;
    at: Generated<Date>;
    actor_id: string | null;
    actor: string | null;
    role: string | null;
    client: string | null;
    action: string;
    object: string | null;
    outcome: string;
    detail: ColumnType<unknown, string, string>;
    request_id: string | null;
    chain_pos: ColumnType<number | null, never, number>;
    prev_hash: ColumnType<string | null, never, string>;
    hash: ColumnType<string | null, never, string>;
    chained_at: ColumnType<Date | null, never, Date>;
  };
  audit_checkpoints: {
    id: Generated<number>;
    chain_pos: number;
    head_hash: string;
    signed_at: Date;
    key_id: string;
    prev: string | null;
    signature: string;
  };
};

export const auditTables = (db: DbOrTx) => db.withTables<AuditTables>();

export const CHECKPOINT_COLUMNS = columnsOf<AuditTables['audit_checkpoints']>()([
  'id',
  'chain_pos',
  'head_hash',
  'signed_at',
  'key_id',
  'prev',
  'signature',
]);

export const ENTRY_COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor',
  'role',
  'client',
  'action',
  'object',
  'outcome',
  'detail',
  'request_id',
  'chain_pos',
  'prev_hash',
  'hash',
] as const;

export interface EntryRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor: string | null;
  role: string | null;
  client: string | null;
  action: string;
  object: string | null;
  outcome: string;
  detail: unknown;
  request_id: string | null;
  chain_pos: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export function toEntry(r: EntryRow): ChainedEntry {
  return {
    seq: Number(r.seq),
    at: r.at instanceof Date ? r.at : new Date(r.at),
    actorId: r.actor_id,
    actor: r.actor,
    role: r.role,
    client: r.client,
    action: r.action,
    object: r.object,
    outcome: r.outcome,
    detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
    requestId: r.request_id,
    chainPos: r.chain_pos === null ? null : Number(r.chain_pos),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
