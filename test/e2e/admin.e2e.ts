import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { currentOtp } from '../../src/modules/identity/otp.js';
import { ROOT, screenshot } from './harness.js';
import { e2eDescribe } from './suite.js';

const PASSWORD = 'Tongban@2026';

async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('账号').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

e2eDescribe('staff areas', (e2e) => {
  it('demo-admin logs in and sees the admin area with the staff list', async () => {
    const page = e2e.page();
    await logIn(page, e2e.url('/login'), 'demo-admin');
    await page.waitForURL('**/admin/**');
    const nav = page.getByRole('navigation', { name: '管理后台菜单' });
    await nav.getByRole('link', { name: '工作人员账号' }).waitFor();
    await expect(page.getByRole('button', { name: /用户菜单：郑管理/ }).isVisible()).resolves.toBe(true);
    // The province's catalog import is not offered to a city administrator (the server says so).
    expect(await nav.getByRole('link', { name: '事项目录导入' }).count()).toBe(0);

    await page.getByRole('link', { name: '工作人员账号' }).click();
    await page.waitForURL('**/admin/staff');
    const table = page.locator('.staff-table');
    await table.getByText('demo-clerk').waitFor();
    const text = await table.innerText();
    for (const username of ['demo-clerk', 'demo-reviewer', 'demo-approver', 'demo-admin'])
      expect(text).toContain(username);
    expect(text).toContain('王窗口');
    expect(text).toContain('综合窗口');
    await screenshot(page, 'admin');
    expect(e2e.pageErrors()).toEqual([]);
  });

  it('an admin creates a staff account, is shown its TOTP secret once, and the colleague logs in with password and code', async () => {
    const page = e2e.page();
    await logIn(page, e2e.url('/login?redirect=/admin/staff'), 'demo-admin');
    await page.waitForURL('**/admin/staff');
    await page.locator('.staff-table').getByText('demo-clerk').waitFor();

    const username = `e2e-otp-${Date.now().toString(36)}`;
    const password = 'Xiazhou#2026otp';
    await page.getByRole('button', { name: /新建账号/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建工作人员账号' });
    await dialog.getByLabel('登录账号').fill(username);
    await dialog.getByLabel('姓名').fill('李口令');
    await dialog.getByLabel('初始密码').fill(password);
    await dialog.getByLabel('岗位角色').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '综合窗口（window）' }).click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();

    const enrolment = page.getByRole('dialog', { name: `动态口令绑定 · ${username}` });
    await enrolment.getByText('密钥只显示这一次').waitFor();
    const secret = (await enrolment.locator('code').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await enrolment.getByRole('button', { name: '已绑定' }).click();
    // The list is refetched after the mutation: the new account is there.
    await page.locator('.staff-table').getByText(username).waitFor();

    await page.context().clearCookies();
    await page.goto(e2e.url('/login'));
    await page.getByLabel('账号').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    // Password right, code missing: the server answers otp_required and the page asks for the code.
    await page.getByLabel('动态口令').fill(currentOtp(secret));
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL('**/workbench');
    await expect(page.getByRole('button', { name: /用户菜单：李口令/ }).isVisible()).resolves.toBe(true);
    expect(e2e.pageErrors()).toEqual([]);
  });

  it('a catalog that breaks a rule is refused with every field listed', async () => {
    const page = e2e.page();
    // Catalog imports are provincial (docs/security.md): the province-level administrator's.
    await logIn(page, e2e.url('/login?redirect=/admin/catalog-import'), 'demo-province-admin');
    await page.waitForURL('**/admin/catalog-import');
    await page
      .getByRole('navigation', { name: '管理后台菜单' })
      .getByRole('link', { name: '事项目录导入' })
      .waitFor();

    const doc = JSON.parse(readFileSync(join(ROOT, 'seed/catalog.json'), 'utf8'));
    const item = doc.items.find((i: { code: string }) => i.code === 'SCJG-XK-001-00');
    item.promisedDays = item.legalDays + 5; // the promised limit may not exceed the legal one
    doc.publishedAt = '2099-01-01';
    await page.locator('input[type=file]').setInputFiles({
      name: 'catalog-bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(doc)),
    });
    await page.getByText('待导入：catalog-bad.json').waitFor();
    await page.getByRole('button', { name: '导入并发布' }).click();

    await page.getByText(/目录校验未通过/).waitFor();
    const errors = await page.locator('.ant-table').last().innerText();
    expect(errors).toContain('SCJG-XK-001-00');
    expect(errors).toContain('promisedDays');
  });

  it('a window clerk gets the workbench, not the admin area', async () => {
    const page = e2e.page();
    await logIn(page, e2e.url('/login'), 'demo-clerk');
    await page.waitForURL('**/workbench');
    await page.getByRole('heading', { name: /综合窗口 · 待办/ }).waitFor();
    await expect(page.getByRole('link', { name: /窗口收件/ }).isVisible()).resolves.toBe(true);

    await page.goto(e2e.url('/admin/staff'));
    await page.getByText('没有访问权限').waitFor();
  });
});
