import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { DEMO_PERSON_ID, DEMO_USCC } from '../../src/demo/accounts.js';
import { screenshot } from './harness.js';
import { type E2E, e2eDescribe } from './suite.js';

const PASSWORD = 'Tongban@2026';
const FOOD_LICENCE = 'SCJG-XK-007-01'; // 食品经营许可（新办）: m4, m5 allow 容缺
const NO_CRIME = 'GA-GG-001-00'; // 无犯罪记录证明开具: a person item for the window intake

/** A small file the server recognises as PDF by its content. */
function pdf(name: string) {
  return {
    name,
    mimeType: 'application/pdf',
    buffer: Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${name}\ntrailer << >>\n%%EOF\n`),
  };
}

async function fillLogin(page: Page, username: string): Promise<void> {
  await page.getByLabel('账号').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** Another person at another computer: a browser context of their own, with its own session. */
async function asUser(e2e: E2E, contexts: BrowserContext[], errors: string[], username: string) {
  const browser = e2e.page().context().browser() as Browser;
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => errors.push(`${username} pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      errors.push(`${username} console: ${m.text()}`);
  });
  await page.goto(e2e.url('/login'));
  await fillLogin(page, username);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

async function uploadFor(page: Page, materialId: string, name: string): Promise<void> {
  const row = page.locator(`[data-material="${materialId}"]`);
  await row.locator('input[type=file]').setInputFiles(pdf(name));
  await row.getByRole('link', { name: new RegExp(name) }).waitFor();
}

/** Radio buttons (antd Radio.Button) are chosen by their label, as a person clicks them. */
async function choose(scope: Page | ReturnType<Page['locator']>, label: string | RegExp): Promise<void> {
  const text = typeof label === 'string' ? new RegExp(`^\\s*${label}\\s*$`) : label;
  await scope.locator('label').filter({ hasText: text }).first().click();
}

/** From the workbench queue to the case page of `caseNo`. */
async function openFromQueue(page: Page, e2e: E2E, caseNo: string): Promise<void> {
  await page.goto(e2e.url('/workbench'));
  await page.locator('.task-table').getByRole('link', { name: caseNo }).click();
  await page.waitForURL('**/workbench/cases/**');
  await page.getByRole('heading', { level: 1, name: /食品经营许可|无犯罪记录/ }).waitFor();
}

async function statusIs(page: Page, label: string): Promise<void> {
  await page.locator('.case-head .status-tag', { hasText: label }).waitFor();
}

e2eDescribe('a case from application to delivery', (e2e) => {
  it('enterprise applies with 容缺, clerk accepts, enterprise supplies, back office decides, clerk delivers', async () => {
    const contexts: BrowserContext[] = [];
    const errors: string[] = [];
    try {
      // The enterprise opens the guide and clicks 在线办理; logging in brings it back to the form.
      const ent = e2e.page();
      await ent.goto(e2e.url(`/items/${FOOD_LICENCE}`));
      await ent.getByRole('heading', { level: 1, name: /食品经营许可/ }).waitFor();
      await ent.getByRole('link', { name: /在线办理/ }).click();
      await ent.waitForURL('**/login?redirect=**');
      await fillLogin(ent, 'demo-enterprise');
      await ent.waitForURL(`**/apply/${FOOD_LICENCE}`);

      // Step 1: where, and what it takes.
      await ent.getByRole('heading', { name: '办事告知' }).waitFor();
      await expect(ent.locator('.notice-materials').innerText()).resolves.toContain('食品安全管理制度目录');
      await choose(ent, /峡州市本级/);
      await ent.getByRole('button', { name: '下一步' }).click();

      // Step 2: the form drawn from the item's JSON Schema. The fields that name the applicant come
      // from the real-name account, read-only; a bad phone number is caught in the browser.
      await expect.poll(() => ent.getByLabel('经营者名称').inputValue()).toBe('峡州市通办餐饮管理有限公司');
      await expect.poll(() => ent.getByLabel('统一社会信用代码').inputValue()).toBe(DEMO_USCC);
      await expect(ent.getByLabel('统一社会信用代码').isDisabled()).resolves.toBe(true);
      await expect.poll(() => ent.getByLabel('法定代表人（负责人）').inputValue()).toBe('李明远');
      await ent.getByLabel('联系电话').fill('123');
      await ent.getByRole('button', { name: '下一步' }).click();
      await ent.getByText('联系电话格式不正确').waitFor();
      await ent.getByRole('textbox', { name: /经营场所$/ }).fill('峡州市峡江区通办路 1 号');
      await choose(ent, '餐饮服务经营者');
      await ent.getByRole('checkbox', { name: '热食类食品制售' }).check();
      await ent.getByRole('checkbox', { name: '自制饮品制售' }).check();
      await choose(ent.locator('.ant-form-item', { hasText: '是否从事网络经营' }), '否');
      await ent.getByLabel('经营面积（平方米）').fill('86.5');
      await ent.getByLabel('联系电话').fill('13937120002');
      await ent.getByRole('button', { name: '保存草稿' }).click();
      await ent
        .getByText(/草稿已保存/)
        .first()
        .waitFor();
      await screenshot(ent, 'apply-wizard-form');
      await ent.getByRole('button', { name: '下一步' }).click();

      // Step 3: uploads with progress; m4 is 容缺后补.
      await ent.getByRole('heading', { name: '申请材料' }).waitFor();
      await uploadFor(ent, 'm1', '食品经营许可申请书.pdf');
      await uploadFor(ent, 'm2', '营业执照.pdf');
      await uploadFor(ent, 'm3', '经营场所平面图.pdf');
      await choose(ent.locator('[data-material="m4"]'), '容缺后补');
      await ent
        .locator('[data-material="m4"]')
        .getByText(/个工作日内/)
        .waitFor();
      await uploadFor(ent, 'm5', '食品安全管理人员培训考核.pdf');
      await screenshot(ent, 'apply-wizard');
      await ent.getByRole('button', { name: '下一步' }).click();

      // Step 4: delivery and confirmation, then submit.
      await choose(ent, /窗口领取/);
      await expect(ent.locator('.apply-summary').innerText()).resolves.toContain('容缺后补');
      await ent.getByRole('button', { name: '提交申请' }).click();
      const caseNoEl = ent.locator('.case-no');
      await caseNoEl.waitFor();
      const caseNo = (await caseNoEl.innerText()).trim();
      expect(caseNo).toMatch(/^\d{6,}/);
      await ent.getByText('申请已提交').waitFor();

      // The clerk finds it in the 待受理 queue and accepts it with the material still owed (容缺受理).
      const clerk = await asUser(e2e, contexts, errors, 'demo-clerk');
      await clerk.waitForURL('**/workbench');
      await clerk.locator('.task-table').getByRole('link', { name: caseNo }).waitFor();
      await expect(clerk.locator('.task-table').innerText()).resolves.toContain('待受理');
      await screenshot(clerk, 'clerk-workbench');
      await openFromQueue(clerk, e2e, caseNo);
      await clerk.getByText(/容缺材料：食品安全管理制度目录/).waitFor();
      await clerk.getByRole('button', { name: '容缺受理' }).click();
      await statusIs(clerk, '已受理');
      await clerk.getByRole('link', { name: /受理通知书/ }).waitFor();
      await screenshot(clerk, 'clerk-case');

      // The enterprise supplies m4 from 我的办件.
      await ent.goto(e2e.url('/my/cases'));
      await ent.getByRole('link', { name: caseNo }).click();
      await ent.waitForURL('**/my/cases/**');
      await ent.getByText('有材料待补交').waitFor();
      const m4 = ent.locator('[data-material="m4"]');
      await m4.locator('input[type=file]').setInputFiles(pdf('食品安全管理制度目录.pdf'));
      await ent.getByText('「食品安全管理制度目录」已补交').waitFor();
      await m4.getByText('已提交').waitFor();

      // The reviewer completes 审查 and 现场核查.
      const reviewer = await asUser(e2e, contexts, errors, 'demo-reviewer');
      await openFromQueue(reviewer, e2e, caseNo);
      await reviewer.getByRole('button', { name: '完成「审查」' }).click();
      await reviewer.getByRole('button', { name: '完成「现场核查」' }).waitFor();
      await reviewer.getByLabel('办理意见').fill('现场核查：布局与申报一致，设施齐全。');
      await screenshot(reviewer, 'reviewer-case');
      await reviewer.getByRole('button', { name: '完成「现场核查」' }).click();
      await reviewer.getByText('当前无需您办理').waitFor();

      // The approver grants the licence.
      const approver = await asUser(e2e, contexts, errors, 'demo-approver');
      await openFromQueue(approver, e2e, caseNo);
      await approver.getByRole('button', { name: '准予许可' }).click();
      await statusIs(approver, '准予许可');

      // The clerk hands over the result at the window.
      await clerk.goto(e2e.url('/workbench?status=approved'));
      await openFromQueue(clerk, e2e, caseNo);
      await clerk.getByRole('button', { name: /送达/ }).click();
      await statusIs(clerk, '已送达');

      // The enterprise sees every step in words.
      await ent.reload();
      await statusIs(ent, '已送达');
      const timeline = await ent.locator('.case-timeline').innerText();
      const order = ['提交申请', '容缺受理', '补交材料', '审查', '现场核查', '准予许可', '送达'];
      for (const word of order) expect(timeline).toContain(word);
      expect(timeline).toContain('现场核查：布局与申报一致');
      expect(timeline).not.toMatch(/complete-step|accept-deferred|material-supplied/);
      let at = -1;
      for (const word of ['提交申请', '容缺受理', '补交材料', '现场核查', '准予许可', '送达']) {
        const next = timeline.indexOf(word, at + 1);
        expect(next, `${word} after the previous step`).toBeGreaterThan(at);
        at = next;
      }
      await ent.getByRole('link', { name: /受理通知书/ }).waitFor();
      await screenshot(ent, 'my-case');

      expect([...errors, ...e2e.pageErrors()]).toEqual([]);
    } finally {
      for (const c of contexts) await c.close();
    }
  });

  it('a window clerk finds a walk-in person by ID number and applies for them', async () => {
    const clerk = e2e.page();
    await clerk.goto(e2e.url('/login'));
    await fillLogin(clerk, 'demo-clerk');
    await clerk.waitForURL('**/workbench');
    await clerk.getByRole('link', { name: /窗口收件/ }).click();
    await clerk.waitForURL('**/workbench/intake');

    await clerk.getByLabel('申请人证件号码').fill(DEMO_PERSON_ID);
    await clerk.getByLabel('申请人证件号码').press('Enter');
    await clerk.locator('.picked-applicant').getByText('张晓峡').waitFor();

    await clerk.getByRole('combobox', { name: '申请事项' }).fill('无犯罪记录证明');
    await clerk.locator('.ant-select-item-option').filter({ hasText: NO_CRIME }).click();
    await clerk.getByRole('heading', { name: /无犯罪记录证明开具申请表/ }).waitFor();

    // The applicant's name and ID number are the applicant's taken in, shown read-only and masked.
    await expect.poll(() => clerk.getByLabel('申请人姓名').inputValue()).toBe('张晓峡');
    await expect
      .poll(() => clerk.getByLabel('公民身份号码').inputValue())
      .toBe(`${DEMO_PERSON_ID.slice(0, 4)}**********${DEMO_PERSON_ID.slice(-4)}`);
    await clerk.getByRole('combobox', { name: /查询用途/ }).click();
    await clerk.locator('.ant-select-item-option').filter({ hasText: '就业（入职）' }).click();
    await clerk.getByLabel('用途说明').fill('入职峡州市某公司');
    await clerk.getByLabel('联系电话').fill('13937120001');
    await uploadFor(clerk, 'm1', '身份证扫描件.pdf');
    await uploadFor(clerk, 'm2', '犯罪记录查询申请表.pdf');
    await clerk.getByRole('button', { name: '提交申请' }).click();

    const caseNo = (await clerk.locator('.case-no').innerText()).trim();
    expect(caseNo).toMatch(/^\d{6,}/);
    await clerk.getByText('已代为提交申请').waitFor();

    // 立即受理 opens the handling page of the new case, a window case for 张晓峡.
    await clerk.getByRole('button', { name: '立即受理' }).click();
    await clerk.waitForURL('**/workbench/cases/**');
    await clerk.getByText('申请人：张晓峡').waitFor();
    await expect(clerk.locator('.case-facts').innerText()).resolves.toContain('窗口收件');
    await clerk.getByRole('button', { name: /^受\s*理$/ }).click();
    await statusIs(clerk, '已受理');
    expect(e2e.pageErrors()).toEqual([]);
  });
});
