import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';
import { provinceAdminLogin } from '../helpers/staff.js';

const SEED = JSON.parse(readFileSync(new URL('../../seed/catalog.json', import.meta.url), 'utf8'));
const clone = () => structuredClone(SEED);

describe.each(ENGINES)('catalog on %s', (engine) => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp(engine);
    admin = await provinceAdminLogin(t);
  });
  afterAll(() => t.close());

  it('serves the demo catalog: 180 items and 18 bundles', async () => {
    const items = await t.call('GET', '/api/catalog/items?limit=1');
    expect(items.json().total).toBe(180);
    const bundles = await t.call('GET', '/api/catalog/bundles');
    expect(bundles.json().items).toHaveLength(18);
  });

  it('shows a county exactly the items implemented there', async () => {
    const county = '411221';
    const kinds = new Set(
      SEED.departments
        .filter((d: { regionCode: string }) => d.regionCode === county)
        .map((d: { kind: string }) => d.kind),
    );
    const expected = SEED.items
      .filter(
        (i: { levels: string[]; departmentKind: string }) =>
          i.levels.includes('county') && kinds.has(i.departmentKind),
      )
      .map((i: { code: string }) => i.code)
      .sort();
    const r = await t.call('GET', `/api/catalog/items?region=${county}&limit=200`);
    expect(r.statusCode).toBe(200);
    expect(r.json().total).toBe(expected.length);
    expect(
      r
        .json()
        .items.map((i: { code: string }) => i.code)
        .sort(),
    ).toEqual(expected);
    const city = await t.call('GET', '/api/catalog/items?region=411200&limit=200');
    expect(city.json().total).not.toBe(expected.length);
  });

  it('returns every catalog/v1 field of an item with its version and where it is handled', async () => {
    const seedItem = SEED.items.find((i: { code: string }) => i.code === 'SCJG-XK-001-00');
    const r = await t.call('GET', '/api/catalog/items/SCJG-XK-001-00');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    for (const [k, v] of Object.entries(seedItem)) expect(body[k], k).toEqual(v);
    expect(body.version).toBe(1);
    expect(body.resultLicenceName).toBe('营业执照');
    expect(body.implementations).toContainEqual(
      expect.objectContaining({
        regionCode: '411200',
        departmentCode: 'SCJG-411200',
        departmentName: '峡州市市场监督管理局',
      }),
    );
    expect(body.bundles.map((b: { code: string }) => b.code)).toContain('BD-QYKB');
  });

  it('answers an unknown item with 404 problem+json', async () => {
    const r = await t.call('GET', '/api/catalog/items/NOPE-001');
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('merges a bundle into one form: shared fields once, disagreeing fields kept per item', async () => {
    const r = await t.call('GET', '/api/catalog/bundles/BD-QYKB');
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.items).toHaveLength(5);
    const keys = Object.keys(b.form.properties);
    expect(keys.filter((k) => k === 'phone')).toHaveLength(1);
    expect(keys).toContain('uscc');
    // 单位类型 and 单位性质 offer different choices: they stay separate, each naming its item.
    expect(keys).not.toContain('unitType');
    expect(keys).toEqual(expect.arrayContaining(['unitType@RS-GG-003-00', 'unitType@GJJ-GG-003-00']));
    expect(b.form.required).toContain('phone');
    const names = b.materials.map((m: { name: string }) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(b.materials.some((m: { items: string[] }) => m.items.length > 1)).toBe(true);
  });

  it('searches the way people ask', async () => {
    const r = await t.call('GET', `/api/catalog/search?q=${encodeURIComponent('开饭店')}&limit=5`);
    expect(r.statusCode).toBe(200);
    const names = r
      .json()
      .results.map((x: { name: string }) => x.name)
      .join(' ');
    expect(names).toMatch(/食品经营|餐饮/);
  });

  it('refuses a search without a query, naming the field', async () => {
    const r = await t.call('GET', '/api/catalog/search?q=');
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('q');
  });

  it('treats a re-import of the same file as a no-op', async () => {
    const r = await t.call('POST', '/api/admin/catalog/imports', { token: admin, body: SEED });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ status: 'noop', itemsCreated: 0, itemsUpdated: 0 });
    const v = await t.call('GET', '/api/catalog/items/SCJG-XK-001-00/versions');
    expect(v.json().items).toHaveLength(1);
  });

  it('refuses a bad file whole, naming item and field, and imports nothing', async () => {
    const bad = clone();
    bad.publishedAt = '2026-12-01';
    bad.items[0].promisedDays = bad.items[0].legalDays + 5;
    bad.items[1].name = 'changed name that must not land';
    bad.bundles[0].items.push('NO-SUCH-ITEM');
    const r = await t.call('POST', '/api/admin/catalog/imports', { token: admin, body: bad });
    expect(r.statusCode).toBe(400);
    const fields = r.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toContain(`items[${bad.items[0].code}].promisedDays`);
    expect(fields.some((f: string) => f.startsWith(`bundles[${bad.bundles[0].code}]`))).toBe(true);
    const item = await t.call('GET', `/api/catalog/items/${bad.items[1].code}`);
    expect(item.json().name).toBe(SEED.items[1].name);
  });

  it('versions only the changed items on a newer catalog and keeps the old version', async () => {
    const newer = clone();
    newer.publishedAt = '2026-11-15';
    newer.items[0].promisedDays = Math.max(0, newer.items[0].promisedDays - 1) || newer.items[0].promisedDays;
    newer.items[0].faq = [
      ...newer.items[0].faq,
      { q: '可以委托代理人办理吗？', a: '可以，提交授权委托书。' },
    ];
    const r = await t.call('POST', '/api/admin/catalog/imports', { token: admin, body: newer });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      status: 'applied',
      itemsCreated: 0,
      itemsUpdated: 1,
      itemsUnchanged: 179,
    });
    const code = newer.items[0].code;
    const current = await t.call('GET', `/api/catalog/items/${code}`);
    expect(current.json().version).toBe(2);
    expect(current.json().faq).toHaveLength(SEED.items[0].faq.length + 1);
    const old = await t.call('GET', `/api/catalog/items/${code}?version=1`);
    expect(old.json().faq).toHaveLength(SEED.items[0].faq.length);
    const untouched = await t.call('GET', `/api/catalog/items/${newer.items[5].code}`);
    expect(untouched.json().version).toBe(1);
    // The search sees the new FAQ text.
    const s = await t.call('GET', `/api/catalog/search?q=${encodeURIComponent(newer.items[0].name)}`);
    expect(s.json().results[0].code).toBe(code);
  });

  it('refuses a catalog older than the one in force', async () => {
    const older = clone();
    older.publishedAt = '2026-01-01';
    older.items[3].subName = '旧版';
    const r = await t.call('POST', '/api/admin/catalog/imports', { token: admin, body: older });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('catalog_outdated');
  });

  it('keeps imports and their history to province-level administrators', async () => {
    const r = await t.call('GET', '/api/admin/catalog/imports', { token: admin });
    expect(r.json().items.map((i: { status: string }) => i.status)).toEqual(['applied', 'noop', 'applied']);
    const clerk = await t.login('demo-clerk');
    expect((await t.call('GET', '/api/admin/catalog/imports', { token: clerk })).statusCode).toBe(403);
    expect(
      (await t.call('POST', '/api/admin/catalog/imports', { token: clerk, body: SEED })).statusCode,
    ).toBe(403);
    // A city administrator may not import the catalog for everyone.
    const city = await t.login('demo-admin');
    expect((await t.call('POST', '/api/admin/catalog/imports', { token: city, body: SEED })).statusCode).toBe(
      403,
    );
    expect((await t.call('GET', '/api/admin/catalog/imports', { token: city })).statusCode).toBe(403);
    expect((await t.call('GET', '/api/admin/catalog/imports', { token: admin })).json().items).toHaveLength(
      3,
    );
  });

  it('publishes regions to township, departments, licence types, data resources and proofs', async () => {
    const regions = (await t.call('GET', '/api/regions')).json().items;
    expect(regions).toHaveLength(SEED.regions.length);
    expect(regions.filter((r: { level: string }) => r.level === 'township').length).toBeGreaterThan(0);
    expect((await t.call('GET', '/api/departments?region=411200')).json().items.length).toBeGreaterThan(10);
    expect((await t.call('GET', '/api/catalog/licence-types')).json().items).toHaveLength(53);
    expect((await t.call('GET', '/api/catalog/data-resources')).json().items).toHaveLength(
      SEED.dataResources.length,
    );
    expect((await t.call('GET', '/api/catalog/proofs')).json().items).toHaveLength(SEED.proofs.length);
    const themes = (await t.call('GET', '/api/catalog/themes?object=enterprise')).json().items;
    expect(themes.find((x: { theme: string }) => x.theme === '开办企业').count).toBeGreaterThan(0);
  });
});
