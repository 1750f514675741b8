import { randomUUID } from 'node:crypto';
import type { Generated, Kysely } from 'kysely';
import { createHotlineService } from '../../src/modules/hotline/service.js';
import { createCalendarService } from '../../src/platform/calendar/calendar-service.js';
import type { Db } from '../../src/platform/db/database.js';

type AuditTable = { test_audit: { id: Generated<number>; entry: unknown } };

import { migrate } from '../../src/platform/db/migrate.js';
import {
  type AuditEntry,
  type AuditSink,
  createExecutor,
  createSweep,
  manualClock,
  type WorkflowPrincipal,
} from '../../src/platform/workflow/index.js';
import { type Engine, freshDatabase } from './engines.js';

/** Regions of the demo province, enough for subtree scopes: 410000 ⊃ 411200 ⊃ 411202. */
const REGIONS = ['410000', '411200', '411202', '411203', '411300', '411302'];

export function subtree(code: string): string[] {
  const prefix = code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;
  return REGIONS.filter((r) => r.startsWith(prefix));
}

export const staff = (
  roles: string[],
  regionCode: string,
  departmentCode: string | null = null,
): WorkflowPrincipal => ({
  id: randomUUID(),
  kind: 'staff',
  roles,
  regionCode,
  departmentCode,
});

export const person = (): WorkflowPrincipal => ({
  id: randomUUID(),
  kind: 'person',
  roles: [],
  regionCode: null,
  departmentCode: null,
});

/** An audit sink that keeps rows only when their transaction commits (it writes a real table). */
export function tableAudit(): AuditSink & { rows(db: Db): Promise<AuditEntry[]> } {
  return {
    async record(db, e) {
      await (db as unknown as Kysely<AuditTable>)
        .insertInto('test_audit')
        .values({ entry: JSON.stringify(e) })
        .execute();
    },
    async rows(db) {
      const r = await (db as unknown as Kysely<AuditTable>)
        .selectFrom('test_audit')
        .select('entry')
        .orderBy('id')
        .execute();
      return r.map((x) => x.entry as AuditEntry);
    },
  };
}

/** A migrated database, the shared calendar, a manual clock at `start` and the hotline on the kernel. */
export async function hotlineKernel(
  engine: Engine,
  start = new Date('2026-12-07T02:00:00Z'),
  opts: { lockTimeoutMs?: number } = {},
) {
  const fresh = await freshDatabase(engine);
  const db = fresh.handle.db;
  await migrate(db);
  await db.schema
    .createTable('test_audit')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('entry', 'jsonb', (c) => c.notNull())
    .execute();
  const calendar = createCalendarService(db);
  await calendar.ensureSeeded();
  const clock = manualClock(start);
  const audit = tableAudit();
  const warnings: object[] = [];
  const executor = createExecutor({
    db,
    clock,
    calendar: () => calendar.snapshot(),
    scopeOf: async (p) => ({
      regionSubtree: p.kind === 'staff' && p.regionCode ? subtree(p.regionCode) : [],
    }),
    audit,
    lockTimeoutMs: opts.lockTimeoutMs,
    log: { warn: (obj) => warnings.push(obj) },
  });
  const hotline = createHotlineService({ db, executor });
  const sweep = createSweep(executor);
  sweep.register((await import('../../src/modules/hotline/workflow.js')).ticketWorkflow, hotline.store);
  return {
    db,
    calendar,
    clock,
    audit,
    executor,
    hotline,
    sweep,
    warnings,
    close: () => fresh.drop(),
  };
}

export type HotlineKernel = Awaited<ReturnType<typeof hotlineKernel>>;
