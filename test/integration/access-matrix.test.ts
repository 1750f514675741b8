import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USCC } from '../../src/demo/accounts.js';
import { CASE_WORKFLOW } from '../../src/modules/cases/scope.js';
import { makeIdNumber } from '../../src/modules/identity/id-number.js';
import { makeUscc } from '../../src/modules/identity/uscc.js';
import {
  decide,
  hiddenDetail,
  type ObjectFacts,
  type ObjectKind,
  type Reach,
} from '../../src/platform/authz/index.js';
import { type Principal, permits, ROLES, type Role } from '../../src/platform/http/access.js';
import { type Operation, operations } from '../helpers/access-matrix.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { staffLogin } from '../helpers/staff.js';

/**
 * The generated access matrix: every route × every workflow action × every role × own / foreign
 * region × own / foreign object. Expectations are not written by hand: each is what the rule the
 * route declares beside its path says (platform/authz `decide`), evaluated on the fixture's facts;
 * the response must agree — 401 without a session, 403 for a role or scope that may never, 404 with
 * the object's own "does not exist" for an object outside reach, and anything but those (and never a
 * 5xx) where the rule admits the caller.
 */

// 企业注销登记: an enterprise item whose m4 draws on DR-NSXX, so a data lookup has a case to name.
const ITEM = 'SCJG-XK-003-01';
const WORKFLOWS = [CASE_WORKFLOW];
const FIXTURE_KINDS: ObjectKind[] = ['case', 'licence', 'file', 'message', 'draft', 'staff'];
const PURPOSE = '访问矩阵核验';

interface World {
  name: 'own' | 'foreign';
  applicant: { token: string; id: string; uscc: string };
  region: string;
  department: string;
  case: { id: string };
  licence: { id: string };
  file: { id: string };
  message: { id: string };
  staffRegion: string;
  /** A staff account of the world's staff region, for the routes that name one by id. */
  staff: { id: string };
  drafts: string[];
  /** Further cases of the world, shown in lists only. */
  otherCases: string[];
}

interface Who {
  label: string;
  token: string | null;
  principal: Principal | null;
  reach: Reach | null;
}

/** The department each role sits in, at a region: window at the service centre, workers at 市场监管. */
function homeDepartment(role: Role, region: string): string | null {
  if (role === 'window') return `ZWFW-${region}`;
  if (['reviewer', 'approver', 'issuer', 'inspector', 'handler'].includes(role)) return `SCJG-${region}`;
  return null;
}

describe.each(ENGINES)('generated access matrix on %s', (engine) => {
  let t: TestApp;
  const worlds: World[] = [];
  const people: Who[] = [];
  let counter = 0;

  const register = async (uscc: string, phone: string) => {
    const body = {
      type: 'enterprise',
      name: '洛川市矩阵测试餐饮有限公司',
      uscc,
      legalRepName: '陈立',
      legalRepIdNumber: makeIdNumber('410302', '19800510', '123'),
      phone,
      password: 'Qiye@2026x',
    };
    const r = await t.call('POST', '/api/auth/register', { body });
    expect(r.statusCode, r.body).toBe(201);
    return t.login(uscc, 'Qiye@2026x');
  };

  async function makeWorld(name: World['name'], token: string, uscc: string, region: string): Promise<World> {
    const me = (await t.call('GET', '/api/me', { token })).json();
    const department = `SCJG-${region}`;
    if (name === 'foreign') {
      await t.app.licences.issue({
        typeCode: 'LIC-YYZZ',
        departmentCode: department,
        holderId: me.id,
        data: { entityType: '有限责任公司', legalRepresentative: '陈立', domicile: '洛川市河洛区' },
      });
    }
    const files: string[] = [];
    for (let i = 0; i < 5; i++) files.push(await t.upload(token));
    const apply = () =>
      t.call('POST', '/api/cases', {
        token,
        body: {
          itemCode: ITEM,
          regionCode: region,
          form: {
            entName: '矩阵测试企业',
            uscc,
            cancelReason: '股东会决议解散',
            liquidationAnnounceDate: '2026-10-01',
            liquidationHead: '陈立',
            phone: '13937129901',
          },
          materials: files.map((f, i) => ({ materialId: `m${i + 1}`, fileId: f })),
          delivery: { mode: 'window' },
        },
      });
    const c = await apply();
    expect(c.statusCode, c.body).toBe(201);
    // A second case of the world, accepted by a window of its region, sits in the department's inbox.
    const inbox = await apply();
    expect(inbox.statusCode, inbox.body).toBe(201);
    const clerk = await staffLogin(t, `m-intake-${region}`, ['window'], region, `ZWFW-${region}`);
    const accepted = await t.call('POST', `/api/cases/${inbox.json().id}/actions`, {
      token: clerk,
      body: { action: 'accept' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const wallet = (await t.call('GET', '/api/licences?mine=1', { token })).json().items;
    const licence = wallet.find((l: { typeCode: string }) => l.typeCode === 'LIC-YYZZ');
    await t.app.notify.notify(t.app.database.db, {
      accountId: me.id,
      eventId: 9_000_000 + worlds.length,
      title: '矩阵测试',
      body: '矩阵测试消息',
    });
    const messages = (await t.call('GET', '/api/me/messages', { token })).json().items;
    const staffRegion = name === 'own' ? '411221' : '410302';
    const staffToken = await staffLogin(
      t,
      `m-member-${name}`,
      ['window'],
      staffRegion,
      `ZWFW-${staffRegion}`,
    );
    const staffMe = (await t.call('GET', '/api/me', { token: staffToken })).json();
    return {
      name,
      applicant: { token, id: me.id, uscc },
      region,
      department,
      case: { id: c.json().id },
      licence: { id: licence.id },
      file: { id: files[0]! },
      message: { id: String(messages[0].id) },
      staffRegion,
      staff: { id: staffMe.id },
      drafts: [],
      otherCases: [inbox.json().id],
    };
  }

  const who = async (label: string, token: string | null): Promise<Who> => {
    const principal = token ? await t.app.identity.sessions.resolve(token) : null;
    return { label, token, principal, reach: principal ? await t.app.authz.reach(principal) : null };
  };

  beforeAll(async () => {
    t = await startTestApp(engine);
    const own = await t.login('demo-enterprise');
    const foreignUscc = makeUscc('91410300MA9XKT3M8');
    const foreign = await register(foreignUscc, '13937129901');
    worlds.push(await makeWorld('own', own, DEMO_USCC, '411200'));
    worlds.push(await makeWorld('foreign', foreign, foreignUscc, '410300'));

    people.push(await who('anonymous', null));
    people.push(await who('applicant of own world', own));
    people.push(await who('applicant of foreign world', foreign));
    people.push(await who('another person', await t.login('demo-person')));
    // Every role, at home (峡州市) and abroad (洛川市); a new role in ROLES joins by itself.
    for (const role of ROLES) {
      for (const region of ['411200', '410300']) {
        const token = await staffLogin(
          t,
          `m-${role}-${region}`,
          [role],
          region,
          homeDepartment(role, region),
        );
        people.push(await who(`${role}@${region}`, token));
      }
    }
    // Scope edges: a county below the city, a sibling department, the province above.
    const edges: [Role, string, string | null][] = [
      ['window', '411202', 'ZWFW-411202'],
      ['reviewer', '411200', 'GA-411200'],
      ['issuer', '411200', 'GA-411200'],
      ['admin', '410000', null],
      ['supervisor', '410000', null],
      ['admin', '411202', null],
    ];
    for (const [role, region, dept] of edges)
      people.push(
        await who(
          `${role}@${region}/${dept}`,
          await staffLogin(t, `m-${role}-${region}-${dept}`, [role], region, dept),
        ),
      );
  }, 120_000);
  afterAll(() => t.close());

  /** The facts of a world's object as the route's request names it (a licence read cites the world's case). */
  function facts(op: Operation, w: World): ObjectFacts {
    const caseFacts: ObjectFacts = {
      kind: 'case',
      id: w.case.id,
      regionCode: w.region,
      departmentCode: w.department,
      applicantId: w.applicant.id,
    };
    switch (op.kind) {
      case 'case':
        return caseFacts;
      case 'licence':
        return {
          kind: 'licence',
          id: w.licence.id,
          ownerId: w.applicant.id,
          issuerDepartmentCode: w.department,
          cases: op.route === 'GET /api/licences/:id' ? [caseFacts] : [],
        };
      case 'file':
        return { kind: 'file', id: w.file.id, ownerId: w.applicant.id, cases: [caseFacts] };
      case 'message':
        return { kind: 'message', id: w.message.id, ownerId: w.applicant.id };
      case 'draft':
        return { kind: 'draft', id: 'fresh', ownerId: w.applicant.id };
      case 'staff':
        return op.where?.in === 'params'
          ? { kind: 'staff', id: w.staff.id, regionCode: w.staffRegion }
          : { kind: 'staff', id: 'new', regionCode: w.staffRegion };
      default:
        throw new Error(`no fixture for ${op.kind}`);
    }
  }

  /**
   * A listed object the matrix knows: a world's own fixture, or (staff accounts) the item itself,
   * which carries its region. Undefined for rows the matrix did not make.
   */
  function listedFacts(op: Operation, item: Record<string, unknown>): ObjectFacts | undefined {
    if (op.kind === 'staff')
      return { kind: 'staff', id: String(item.id), regionCode: String(item.regionCode) };
    for (const w of worlds) {
      const f = facts({ ...op, route: 'list' }, w);
      const own = op.kind === 'draft' ? undefined : (w[op.kind as 'case'] as { id: string } | undefined)?.id;
      if (own !== undefined && String(item.id) === own) return f;
      if (op.kind === 'draft' && w.drafts.includes(String(item.id))) return { ...f, id: String(item.id) };
      if (op.kind === 'case' && w.otherCases.includes(String(item.id))) return { ...f, id: String(item.id) };
    }
    return undefined;
  }

  /** Parameters that name no object, and bodies valid enough to reach the object check. */
  const PARAMS: Record<string, string> = { kind: 'acceptance', year: '2031', code: ITEM };
  function body(op: Operation, w: World | null): unknown {
    switch (op.route) {
      case 'POST /api/cases/:id/actions':
        return { action: op.action, comment: '矩阵测试' };
      case 'POST /api/cases/:id/materials':
        return { materialId: 'm1', fileId: w?.file.id };
      case 'PUT /api/cases/drafts/:id':
        return { data: {} };
      case 'POST /api/licences/:id/revoke':
        return { reason: '矩阵测试注销' };
      case 'POST /api/licences/:id/reissue':
        return { reason: '矩阵测试换发' };
      case 'POST /api/sharing/lookups':
        return { resource: 'DR-NSXX', subjectNumber: w?.applicant.uscc, purpose: PURPOSE };
      case 'PATCH /api/admin/staff/:id':
        return { active: true };
      case 'POST /api/admin/staff':
        return {
          username: `m-new-${++counter}`,
          name: '矩阵',
          password: 'Chuang@2026',
          roles: ['window'],
          departmentCode: null,
        };
      default:
        return op.method === 'GET' || op.method === 'DELETE' ? undefined : {};
    }
  }
  const QUERY: Record<string, (w: World | null) => string> = {
    'GET /api/licences/:id': (w) => `caseId=${w?.case.id}&purpose=${encodeURIComponent(PURPOSE)}`,
    'GET /api/licences': () => 'mine=1',
  };

  async function request(
    op: Operation,
    w: World | null,
    p: Who,
  ): Promise<{ res: LightMyRequestResponse; ref?: string }> {
    let ref: string | undefined;
    if (w && op.kind) {
      ref =
        op.kind === 'draft'
          ? await freshDraft(w)
          : op.kind === 'staff'
            ? op.where?.in === 'params'
              ? w.staff.id
              : w.staffRegion
            : (w[op.kind as 'case'] as { id: string }).id;
    }
    let url = op.url.replace(/:(\w+)/g, (_, k: string) =>
      op.where?.in === 'params' && k === op.where.key ? ref! : (PARAMS[k] ?? 'X-1'),
    );
    const q = QUERY[op.route]?.(w);
    if (q) url += `?${q}`;
    let b = body(op, w);
    if (op.where?.in === 'body') b = { ...(b as object), [op.where.key]: ref };
    const res = await t.call(op.method as 'GET', url, { token: p.token ?? undefined, body: b });
    return { res, ref };
  }

  async function freshDraft(w: World): Promise<string> {
    const r = await t.call('POST', '/api/cases/drafts', {
      token: w.applicant.token,
      body: { itemCode: ITEM, data: {} },
    });
    return r.json().id;
  }

  it('generates one operation per route and workflow action, each with a declared rule', () => {
    const ops = operations(t.app.routes, WORKFLOWS, FIXTURE_KINDS);
    const actions = ops.filter((o) => o.action).map((o) => o.action);
    expect(actions.sort()).toEqual(Object.keys(CASE_WORKFLOW.actions).sort());
    expect(ops.filter((o) => o.kind).length).toBeGreaterThan(15);
    // A route that takes an object id without declaring its rule fails the build.
    const undeclared = [
      ...t.app.routes,
      { method: 'GET', url: '/api/new-thing/:id', access: { kind: 'user' as const } },
    ];
    expect(() => operations(undeclared, WORKFLOWS, FIXTURE_KINDS)).toThrow(
      /new-thing\/:id takes :id but declares no object rule/,
    );
    // So does a workflow action without actors, and a workflow no route serves.
    const broken = { ...CASE_WORKFLOW, actions: { ...CASE_WORKFLOW.actions, escalate: { by: [] } } };
    expect(() => operations(t.app.routes, [broken], FIXTURE_KINDS)).toThrow(/escalate: .*declares no actor/);
    const ticket = {
      name: 'ticket',
      kind: 'ticket' as const,
      read: CASE_WORKFLOW.read,
      actions: { reply: { by: ['handler'] } },
    };
    expect(() => operations(t.app.routes, [...WORKFLOWS, ticket], FIXTURE_KINDS)).toThrow(
      /workflow ticket is served by no route/,
    );
    // And an object kind the matrix cannot build.
    expect(() => operations(t.app.routes, WORKFLOWS, ['case'])).toThrow(
      /touches a licence, for which the matrix has no fixtures/,
    );
  });

  it('answers every route, action, role, region and object exactly as its declared rule says', async () => {
    const ops = operations(t.app.routes, WORKFLOWS, FIXTURE_KINDS);
    // Lists first, while the fixtures sit in every inbox; logging out ends the matrix's sessions: last.
    const rank = (o: Operation) =>
      o.where?.in === 'response' ? 0 : o.route === 'POST /api/auth/logout' ? 2 : 1;
    ops.sort((a, b) => rank(a) - rank(b));
    const failures: string[] = [];
    const seen = { unauthenticated: 0, forbidden: 0, not_found: 0, ok: 0 };
    let calls = 0;
    let listed = 0;
    for (const op of ops) {
      for (const w of op.kind && op.where?.in !== 'response' ? worlds : [null]) {
        for (const p of people) {
          const { res, ref } = await request(op, w, p);
          calls++;
          const where = `${op.key}${w ? ` [${w.name} ${op.kind}]` : ''} as ${p.label}`;
          const got = res.statusCode;
          if (got >= 500) {
            failures.push(`${where}: ${got} ${res.body.slice(0, 200)}`);
            continue;
          }
          const gate = permits(op.access, p.principal);
          let expected: 'unauthenticated' | 'forbidden' | 'not_found' | 'ok' =
            gate === 'ok' ? 'ok' : gate === 'unauthenticated' ? 'unauthenticated' : 'forbidden';
          if (expected === 'ok' && op.policy && w && p.reach)
            expected = decide(p.reach, op.policy, facts(op, w));
          const hidden =
            res.headers['content-type']?.toString().includes('json') && ref && op.kind
              ? res.json().detail === hiddenDetail(op.kind, ref)
              : false;
          const ok =
            expected === 'unauthenticated'
              ? got === 401
              : expected === 'forbidden'
                ? got === 403
                : expected === 'not_found'
                  ? got === 404 && hidden
                  : got !== 401 && got !== 403 && !(got === 404 && hidden);
          seen[expected]++;
          if (ok && op.where?.in === 'response' && got === 200 && p.reach && op.policy) {
            // A list shows only objects the caller may see (the same rule as reading one).
            const items = (res.json()[op.where.key] ?? []) as Record<string, unknown>[];
            for (const item of items) {
              const f = listedFacts(op, item);
              listed++;
              if (f && decide(p.reach, op.policy, f) !== 'ok')
                failures.push(`${where}: lists ${op.kind} ${String(item.id)} it may not see`);
            }
          }
          if (!ok) failures.push(`${where}: expected ${expected}, got ${got} ${res.body.slice(0, 160)}`);
        }
      }
    }
    expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
    expect(calls).toBeGreaterThan(1000);
    expect(listed).toBeGreaterThan(20);
    // Not a degenerate matrix: every kind of answer is exercised many times.
    for (const n of Object.values(seen)) expect(n).toBeGreaterThan(50);
  }, 240_000);
});
