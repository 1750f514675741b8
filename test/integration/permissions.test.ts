import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

describe.each(ENGINES)('what the caller may call, from the route table, on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(engine);
  });
  afterAll(() => t.close());

  const routes = async (username: string) => {
    const r = await t.call('GET', '/api/me/permissions', { token: await t.login(username) });
    expect(r.statusCode, r.body).toBe(200);
    return new Set(r.json().routes as string[]);
  };

  it("offers the province's catalog import to a province administrator only, staff administration to both", async () => {
    const province = await routes('demo-province-admin');
    const city = await routes('demo-admin');
    expect(province.has('POST /api/admin/catalog/imports')).toBe(true);
    expect(city.has('POST /api/admin/catalog/imports')).toBe(false);
    expect(city.has('GET /api/admin/staff')).toBe(true);
    expect(province.has('GET /api/admin/staff')).toBe(true);
  });

  it('answers exactly as the routes themselves do', async () => {
    const token = await t.login('demo-admin');
    const listed = await routes('demo-admin');
    const importAnswer = await t.call('GET', '/api/admin/catalog/imports', { token });
    expect(importAnswer.statusCode === 200).toBe(listed.has('GET /api/admin/catalog/imports'));
    const person = await routes('demo-person');
    expect(person.has('GET /api/cases')).toBe(true);
    expect([...person].some((r) => r.includes('/api/admin/'))).toBe(false);
    expect((await t.call('GET', '/api/me/permissions')).statusCode).toBe(401);
  });
});
