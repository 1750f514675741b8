import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_USCC } from '../../src/demo/accounts.js';
import { screenshot } from './harness.js';
import { e2eDescribe } from './suite.js';

const PASSWORD = 'Tongban@2026';
const BUNDLE = 'BD-KBCYD'; // 开办餐饮店一件事
const FOOD_LICENCE = 'SCJG-XK-007-01';
const PERSON_ONLY = 'SCJG-XK-004-00'; // 个体工商户设立登记: left out for an enterprise

function pdf(name: string) {
  return {
    name,
    mimeType: 'application/pdf',
    buffer: Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${name}\ntrailer << >>\n%%EOF\n`),
  };
}

interface FieldSchema {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  items?: { enum?: unknown[] };
}

/** Fills one visible form field (antd gives it the id `form_<key>`) with a valid value for its schema. */
async function fillField(page: Page, key: string, s: FieldSchema): Promise<void> {
  const el = page.locator(`#form_${cssEscape(key)}`);
  // The applicant's own fields (name, USCC, legal representative) are filled by the server, read-only.
  if (await el.isDisabled()) return;
  if (s.type === 'array') {
    await el.locator('input[type=checkbox]').first().check();
  } else if (s.type === 'boolean') {
    await el.locator('label').filter({ hasText: '否' }).click();
  } else if (s.enum) {
    if ((await el.getAttribute('role')) === 'combobox' || (await el.evaluate((n) => n.tagName)) === 'INPUT') {
      await el.click();
      // This select's own popup (it holds the listbox <id>_list): another field's popup may still be
      // fading out, and a global ":visible" query can land on it.
      await page
        .locator('.ant-select-dropdown')
        .filter({ has: page.locator(`#form_${cssEscape(key)}_list`) })
        .locator('.ant-select-item-option')
        .first()
        .click();
    } else {
      await el.locator('label').first().click();
    }
  } else if (s.type === 'number' || s.type === 'integer') {
    await el.fill('2');
  } else if (key === 'uscc') {
    await el.fill('91411200MA9XKT2L7X');
  } else if (key === 'phone') {
    await el.fill('13937120002');
  } else if (!(await el.inputValue())) {
    await el.fill(key === 'legalRep' ? '李明远' : key === 'size' ? '6×1.2' : '峡州市峡江区通办路1号');
  }
}

/** Polyfill-free CSS.escape for the keys we have (letters, digits, @ and -). */
const cssEscape = (s: string) => s.replace(/[^\w-]/g, (c) => `\\${c}`);

/**
 * Staff log in through the API from computers of their own: a distinct client address (the server
 * trusts X-Forwarded-For) keeps these logins out of the browser's per-address login rate limit.
 */
async function login(base: string, username: string, computer: number): Promise<string> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.20.0.${computer}` },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

async function call(base: string, token: string, method: string, path: string, body?: unknown) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  expect(r.status, `${method} ${path}: ${text}`).toBeLessThan(300);
  return text ? JSON.parse(text) : null;
}

e2eDescribe('一件事一次办 and the e-licence it yields', (e2e) => {
  it('an enterprise applies for 开办餐饮店一件事 with one form; the food licence is issued, verified and revoked', async () => {
    const page = e2e.page();
    const base = e2e.url('');

    // From the bundle guide to the one-form application; logging in brings the enterprise back.
    await page.goto(e2e.url(`/bundles/${BUNDLE}`));
    await page.getByRole('link', { name: /一件事一次办 · 在线申请/ }).click();
    await page.waitForURL('**/login?redirect=**');
    await page.getByLabel('账号').fill('demo-enterprise');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(`**/apply-bundle/${BUNDLE}`);

    // Step 1: the person-only item is left out; region.
    await page.getByRole('heading', { name: '一次告知' }).waitFor();
    await page.getByText(/已自动略去/).waitFor();
    await expect(page.locator('.bundle-items li').count()).resolves.toBe(4);
    await page.locator('.region-choices label').filter({ hasText: '峡州市本级' }).click();
    await page.getByRole('button', { name: '下一步' }).click();

    // Step 2: one merged form; fields only the 个体工商户 item needs are hidden.
    const bundle = (await (await fetch(`${base}/api/catalog/bundles/${BUNDLE}`)).json()) as {
      form: { properties: Record<string, FieldSchema>; required: string[] };
    };
    await page.locator('#form_uscc').waitFor();
    await expect(page.locator('#form_operatorId').count()).resolves.toBe(0);
    await expect(page.locator('#form_organizationForm').count()).resolves.toBe(0);
    for (const key of bundle.form.required) {
      if (!(await page.locator(`#form_${cssEscape(key)}`).count())) continue;
      await fillField(page, key, bundle.form.properties[key]!);
    }
    await screenshot(page, 'bundle-apply-form');
    await page.getByRole('button', { name: '下一步' }).click();

    // Step 3: one set of materials; every required one uploaded once.
    await page.getByRole('heading', { name: '申请材料（合并后）' }).waitFor();
    const rows = page.locator('[data-material]');
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    await expect(page.locator('[data-material]').filter({ hasText: '个体工商户登记' }).count()).resolves.toBe(
      0,
    );
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      if (!(await row.locator('.required').count())) continue;
      const name = `材料${i + 1}.pdf`;
      await row.locator('input[type=file]').setInputFiles(pdf(name));
      await row.getByRole('link', { name: new RegExp(name) }).waitFor();
    }
    await screenshot(page, 'bundle-apply');
    await page.getByRole('button', { name: '下一步' }).click();

    // Step 4: delivery, then submit: one parent case, four sub-cases with their departments.
    await page.locator('.delivery-choices label').filter({ hasText: '窗口领取' }).click();
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByText('一件事申请已提交').waitFor();
    const caseNo = (await page.locator('.case-no').innerText()).trim();
    expect(caseNo).toMatch(/^\d{6,}/);
    await expect(page.locator('.bundle-children tbody tr').count()).resolves.toBe(4);
    const done = await page.locator('.bundle-children').innerText();
    expect(done).toContain('食品经营许可');
    expect(done).not.toContain('个体工商户');
    await screenshot(page, 'bundle-apply-done');

    // The parent case: each department's progress and the overall status.
    await page.getByRole('button', { name: '查看办理进度' }).click();
    await page.waitForURL('**/my/cases/**');
    const parentId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: '各部门办理进度' }).waitFor();
    await expect(page.locator('.bundle-progress tbody tr').count()).resolves.toBe(4);
    await page.locator('.case-head .status-tag', { hasText: '待受理' }).waitFor();
    // The one form as filed (the USCC is the account's, whatever was typed): fields only the
    // left-out item needs are not shown.
    await page.locator('.form-values', { hasText: DEMO_USCC }).waitFor();
    await expect
      .poll(() => page.locator('.form-values').innerText())
      .not.toMatch(/经营者姓名|个体工商户名称/);

    // The food-licence department handles its sub-case through the API.
    const ent = await login(base, 'demo-enterprise', 1);
    const parent = await call(base, ent, 'GET', `/api/cases/${parentId}`);
    expect(parent.children).toHaveLength(4);
    expect(parent.children.some((c: { itemCode: string }) => c.itemCode === PERSON_ONLY)).toBe(false);
    const food = parent.children.find((c: { itemCode: string }) => c.itemCode === FOOD_LICENCE);
    const [clerk, reviewer, approver] = await Promise.all(
      ['demo-clerk', 'demo-reviewer', 'demo-approver'].map((u, i) => login(base, u, i + 2)),
    );
    const act = (token: string, body: Record<string, unknown>) =>
      call(base, token, 'POST', `/api/cases/${food.id}/actions`, body);
    await act(clerk!, { action: 'accept' });
    await act(reviewer!, { action: 'complete-step', stepId: 'review' });
    await act(reviewer!, { action: 'complete-step', stepId: 'inspect', comment: '现场核查合格' });
    await act(approver!, { action: 'approve' });

    await page.reload();
    const foodRow = page.locator(`.bundle-progress tr[data-item="${FOOD_LICENCE}"]`);
    await foodRow.locator('.status-tag', { hasText: '准予许可' }).waitFor();
    await expect(page.locator('.case-head .status-tag').innerText()).resolves.not.toBe('待受理');
    await page.locator('.form-values', { hasText: '经营者名称' }).waitFor();
    expect(await page.locator('.form-values').innerText()).not.toMatch(/经营者姓名|个体工商户名称/);
    await screenshot(page, 'bundle-case');

    // 我的办件 lists the matter once, under the bundle's name.
    await page.goto(e2e.url('/my/cases'));
    await page.getByRole('link', { name: caseNo }).waitFor();
    await page
      .getByRole('row', { name: new RegExp(caseNo) })
      .getByText('开办餐饮店一件事')
      .waitFor();

    // 我的证照: the new 食品经营许可证, its PDF, its QR token.
    await page.goto(e2e.url('/my/licences'));
    const item = page.locator('.ant-list-item').filter({ hasText: '食品经营许可证' }).first();
    await item.waitFor();
    const mine = (await call(base, ent, 'GET', '/api/licences?mine=1')) as {
      items: Array<{ id: string; name: string; caseNo: string | null; token: string }>;
    };
    const licence = mine.items.find((l) => l.caseNo === food.caseNo);
    expect(licence, 'licence issued for the food sub-case').toBeDefined();
    const href = await page
      .locator(`a[href="/api/licences/${licence!.id}/pdf"]`)
      .first()
      .getAttribute('href');
    const pdfRes = await page.request.get(e2e.url(href!));
    expect(pdfRes.status()).toBe(200);
    expect(pdfRes.headers()['content-type']).toContain('application/pdf');

    await page.locator(`a[href="/my/licences/${licence!.id}"]`).first().click();
    await page.getByRole('img', { name: /核验二维码/ }).waitFor();
    const { token } = await call(base, ent, 'GET', `/api/licences/${licence!.id}`);
    expect(token).toBe(licence!.token);

    // Anyone verifies it: 有效; after revocation: 无效 / 已注销.
    await page.goto(e2e.url('/verify'));
    await page.locator('#licence-token').fill(token);
    await page.getByRole('button', { name: /核\s*验/ }).click();
    await page.locator('.licence-verdict').getByText('有效', { exact: true }).waitFor();

    await call(base, approver!, 'POST', `/api/licences/${licence!.id}/revoke`, {
      reason: '经营场所变更，依法注销',
    });
    await page.getByRole('button', { name: /核\s*验/ }).click();
    await page.locator('.licence-verdict').getByText('无效', { exact: true }).waitFor();
    await expect(page.locator('.licence-verdict').innerText()).resolves.toMatch(/注销|无效/);

    expect(e2e.pageErrors()).toEqual([]);
  });
});
