import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { link } from '../../src/platform/audit/chain.js';
import { createAuditLog, record } from '../../src/platform/audit/index.js';
import { type EntryRow, toEntry } from '../../src/platform/audit/tables.js';
import { createKeyStore } from '../../src/platform/crypto/keystore.js';
import type { Db } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { transaction } from '../../src/platform/db/unit-of-work.js';
import { ENGINES, freshDatabase } from '../helpers/engines.js';

const clerk = { id: 'a-1', name: 'demo-clerk', role: 'window' };

/** One migrated database per engine; each test starts from an empty log (emptied behind the triggers). */
async function fixture(engine: (typeof ENGINES)[number]) {
  const fresh = await freshDatabase(engine);
  const db = fresh.handle.db;
  await migrate(db);
  let keyDir = '';
  let audit!: ReturnType<typeof createAuditLog>;
  return {
    db,
    get audit() {
      return audit;
    },
    async reset() {
      await sql`alter table audit_log disable trigger user`.execute(db);
      await sql`alter table audit_checkpoints disable trigger user`.execute(db);
      await sql`truncate audit_log, audit_checkpoints restart identity`.execute(db);
      await sql`alter table audit_log enable trigger user`.execute(db);
      await sql`alter table audit_checkpoints enable trigger user`.execute(db);
      if (keyDir) rmSync(keyDir, { recursive: true, force: true });
      keyDir = mkdtempSync(join(tmpdir(), 'tongban-audit-keys-'));
      audit = createAuditLog(db, createKeyStore(keyDir));
    },
    async add(n: number, action = 'case.accept') {
      for (let i = 0; i < n; i++)
        await record(db, { action, object: `case:${i}`, actor: clerk, client: '10.1.2.3', detail: { i } });
    },
    async close() {
      await fresh.drop();
      if (keyDir) rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

/** What a superuser (or the table owner with the trigger off) can do behind the application's back. */
async function behindTheTrigger(db: Db, fn: () => Promise<unknown>) {
  await sql`alter table audit_log disable trigger audit_log_guard`.execute(db);
  try {
    await fn();
  } finally {
    await sql`alter table audit_log enable trigger audit_log_guard`.execute(db);
  }
}

const seqAt = async (db: Db, pos: number) =>
  Number(
    (await sql<{ seq: number }>`select seq from audit_log where chain_pos = ${pos}`.execute(db)).rows[0]!.seq,
  );

describe.each(ENGINES)('audit hash chain on %s', (engine) => {
  let f!: Fixture;
  beforeAll(async () => {
    f = await fixture(engine);
  });
  beforeEach(() => f.reset());
  afterAll(() => f.close());

  it('refuses UPDATE, DELETE and TRUNCATE, and a second fill of the hash columns', async () => {
    await f.add(3);
    const { db } = f;
    await expect(sql`update audit_log set outcome = 'failure' where seq = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_log where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/);
    // A writer cannot pre-fill the chain columns either: the chainer's alone.
    await sql`insert into audit_log (action, outcome, hash, chain_pos) values ('x.y', 'success', 'forged', 99)`.execute(
      db,
    );
    const forged = await sql<{
      hash: string | null;
    }>`select hash from audit_log where action = 'x.y'`.execute(db);
    expect(forged.rows[0]!.hash).toBeNull();
    await f.audit.chain();
    await expect(sql`update audit_log set hash = 'again' where seq = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await f.audit.checkpoint();
    await expect(sql`delete from audit_checkpoints`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_checkpoints`.execute(db)).rejects.toThrow(/append-only/);
    expect((await f.audit.verify()).ok).toBe(true);
  });

  it('commits an entry with the change it records, or not at all', async () => {
    const { db } = f;
    const count = async () =>
      Number((await sql<{ n: number }>`select count(*) as n from audit_log`.execute(db)).rows[0]!.n);
    const before = await count();
    await expect(
      transaction(db, async (tx) => {
        await record(tx, { action: 'case.approve', object: 'case:1', actor: clerk });
        throw new Error('the decision fails after its audit entry was written');
      }),
    ).rejects.toThrow(/decision fails/);
    expect(await count()).toBe(before);
    await transaction(db, (tx) => record(tx, { action: 'case.approve', object: 'case:1', actor: clerk }));
    expect(await count()).toBe(before + 1);
  });

  it('verifies an intact chain and counts its entries', async () => {
    await f.add(7);
    expect(await f.audit.chain()).toMatchObject({ chained: 7, head: 7 });
    await f.audit.checkpoint();
    await f.add(2);
    const v = await f.audit.verify();
    expect(v).toMatchObject({ ok: true, entries: 7, pending: 2, checkpoints: 1 });
    await f.audit.chain();
    expect(await f.audit.verify()).toMatchObject({ ok: true, entries: 9, pending: 0 });
  });

  it('names the first changed entry', async () => {
    await f.add(6);
    await f.audit.chain();
    const { db } = f;
    const seq = await seqAt(db, 4);
    await behindTheTrigger(db, () =>
      sql`update audit_log set outcome = 'failure' where seq = ${seq}`.execute(db),
    );
    const v = await f.audit.verify();
    expect(v.ok).toBe(false);
    expect(v.broken).toMatchObject({ seq, chainPos: 4 });
  });

  it('names the position of an entry removed from the middle', async () => {
    await f.add(6);
    await f.audit.chain();
    const { db } = f;
    await behindTheTrigger(db, () => sql`delete from audit_log where chain_pos = 3`.execute(db));
    const v = await f.audit.verify();
    expect(v.ok).toBe(false);
    expect(v.broken?.chainPos).toBe(3);
  });

  it('detects entries cut from the end through the signed checkpoint', async () => {
    await f.add(6);
    const cp = await f.audit.checkpoint();
    expect(cp).toMatchObject({ chainPos: 6 });
    const { db } = f;
    await behindTheTrigger(db, () => sql`delete from audit_log where chain_pos > 4`.execute(db));
    const v = await f.audit.verify();
    expect(v.ok).toBe(false);
    expect(v.broken?.chainPos).toBe(5);
    expect(v.broken?.reason).toMatch(/链尾/);
  });

  it('detects a chain re-hashed after a change through the signed checkpoint', async () => {
    await f.add(3);
    await f.audit.checkpoint();
    await f.add(3);
    await f.audit.checkpoint();
    const { db } = f;
    // Change entry 5 and recompute every hash from there on, as someone who knows the scheme would.
    await behindTheTrigger(db, async () => {
      const seq5 = await seqAt(db, 5);
      await sql`update audit_log set actor = 'nobody' where seq = ${seq5}`.execute(db);
      const rows = (
        await sql<EntryRow>`select * from audit_log where chain_pos >= 5 order by chain_pos`.execute(db)
      ).rows;
      const head = (await sql<{ hash: string }>`select hash from audit_log where chain_pos = 4`.execute(db))
        .rows[0]!;
      const relinked = link({ chainPos: 4, hash: head.hash }, rows.map(toEntry));
      for (const l of relinked)
        await sql`update audit_log set prev_hash = ${l.prevHash}, hash = ${l.hash} where seq = ${l.seq}`.execute(
          db,
        );
    });
    const v = await f.audit.verify();
    expect(v.ok).toBe(false);
    // The first checkpoint (entries 1–3) still holds; the change lies in 4–6.
    expect(v.lastCheckpoint?.chainPos).toBe(3);
    expect(v.broken?.chainPos).toBe(4);
    expect(v.broken?.reason).toMatch(/重新计算/);
  });

  it('detects a forged checkpoint signature', async () => {
    await f.add(2);
    await f.audit.checkpoint();
    const { db } = f;
    await sql`alter table audit_checkpoints disable trigger audit_checkpoints_guard`.execute(db);
    await sql`update audit_checkpoints set chain_pos = 1`.execute(db);
    await sql`alter table audit_checkpoints enable trigger audit_checkpoints_guard`.execute(db);
    const v = await f.audit.verify();
    expect(v.ok).toBe(false);
    expect(v.broken?.reason).toMatch(/签名无效/);
  });

  it('chains an entry whose transaction commits after a later one was chained (sequence values commit out of order)', async () => {
    await f.add(2);
    await f.audit.chain();
    const { db } = f;
    let lateSeq: number;
    if (engine === 'postgres') {
      // A real second session: its transaction takes a seq, then waits while a later seq commits and is chained.
      const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
      const c = new pg.Client({
        connectionString: process.env.TEST_DATABASE_URL,
        options: `-c search_path=${schema}`,
      });
      await c.connect();
      try {
        await c.query('begin');
        const r = await c.query(
          `insert into audit_log (action, outcome, actor) values ('late.commit', 'success', 'slow') returning seq`,
        );
        lateSeq = Number(r.rows[0].seq);
        await f.add(1, 'early.commit');
        await f.audit.chain();
        await c.query('commit');
      } finally {
        await c.end();
      }
    } else {
      // One connection: reserve the seq first, let a later one commit and be chained, then commit the reserved one.
      const r = await sql<{
        s: number;
      }>`select nextval(pg_get_serial_sequence('audit_log', 'seq')) as s`.execute(db);
      lateSeq = Number(r.rows[0]!.s);
      await f.add(1, 'early.commit');
      await f.audit.chain();
      await sql`insert into audit_log (seq, action, outcome, actor) values (${lateSeq}, 'late.commit', 'success', 'slow')`.execute(
        db,
      );
    }
    const early = (
      await sql<{
        seq: number;
        chain_pos: number;
      }>`select seq, chain_pos from audit_log where action = 'early.commit'`.execute(db)
    ).rows[0]!;
    expect(Number(early.seq)).toBeGreaterThan(lateSeq);
    expect(Number(early.chain_pos)).toBe(3);
    expect(await f.audit.chain()).toMatchObject({ chained: 1, head: 4 });
    const late = (
      await sql<{ chain_pos: number }>`select chain_pos from audit_log where seq = ${lateSeq}`.execute(db)
    ).rows[0]!;
    expect(Number(late.chain_pos)).toBe(4);
    expect(await f.audit.verify()).toMatchObject({ ok: true, entries: 4, pending: 0 });
  });

  it('never makes a writer wait for the chainer or for another writer', async () => {
    await f.add(1);
    const { db } = f;
    if (engine !== 'postgres') {
      // One connection: nothing can wait on anything; the property is PostgreSQL's to prove.
      expect((await f.audit.chain()).chained).toBe(1);
      return;
    }
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
    const chainer = new pg.Client({
      connectionString: process.env.TEST_DATABASE_URL,
      options: `-c search_path=${schema}`,
    });
    const writer = new pg.Client({
      connectionString: process.env.TEST_DATABASE_URL,
      options: `-c search_path=${schema}`,
    });
    await chainer.connect();
    await writer.connect();
    try {
      // A chainer in the middle of a pass (rows updated, not committed) and a writer with an open transaction.
      await chainer.query('begin');
      await chainer.query(
        `select pg_advisory_xact_lock(hashtext('tongban.audit.chain:' || current_schema()))`,
      );
      await chainer.query(
        `update audit_log set chain_pos = 1, prev_hash = 'p', hash = 'h', chained_at = now() where hash is null`,
      );
      await writer.query('begin');
      await writer.query(`insert into audit_log (action, outcome) values ('slow.writer', 'success')`);
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          record(db, { action: 'case.accept', object: `case:${i}`, actor: clerk }),
        ),
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      // A second chainer does not wait either: it finds the pass under way and leaves.
      expect(await f.audit.chain()).toMatchObject({ chained: 0 });
      await chainer.query('rollback');
      await writer.query('commit');
    } finally {
      await chainer.end();
      await writer.end();
    }
    expect(await f.audit.chain()).toMatchObject({ chained: 22 });
    expect(await f.audit.verify()).toMatchObject({ ok: true, entries: 22 });
  });

  it('lets only one chainer link at a time, without duplicate positions', async () => {
    await f.add(30);
    const runs = await Promise.all([f.audit.chain(), f.audit.chain(), f.audit.chain()]);
    expect(runs.reduce((a, r) => a + r.chained, 0)).toBe(30);
    expect(await f.audit.verify()).toMatchObject({ ok: true, entries: 30 });
  });
});
