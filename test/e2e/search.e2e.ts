import { expect, it } from 'vitest';
import { seedBundle, seedItem } from './catalog.js';
import { screenshot } from './harness.js';
import { e2eDescribe } from './suite.js';

// Opening a restaurant needs the food business licence (食品经营许可, 新办) or the
// 开办餐饮店一件事 bundle that contains it.
const FOOD_LICENCE = seedItem('SCJG-XK-007-01');
const RESTAURANT_BUNDLE = seedBundle('BD-KBCYD');

e2eDescribe('a newcomer searches the portal', (e2e) => {
  it('finds what opening a restaurant takes and reads the real materials list', async () => {
    const page = e2e.page();
    await page.goto(e2e.url('/'));
    await expect(page.getByRole('heading', { name: /办事服务/ }).isVisible()).resolves.toBe(true);
    // Themes with counts and bundles are loaded from the catalog before the home page is judged.
    await page
      .getByRole('link', { name: /开办餐饮店一件事/ })
      .first()
      .waitFor();
    await page.locator('.theme-link').first().waitFor();
    await screenshot(page, 'home');

    const box = page.getByLabel('搜索办事服务');
    await box.fill('开饭店');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const results = page.locator('ol.result-list > li');
    await results.first().waitFor();

    const top = await results.evaluateAll((lis) =>
      lis.slice(0, 3).map((li) => (li as HTMLElement).innerText.replace(/\s+/g, ' ')),
    );
    const wanted = [`${FOOD_LICENCE.name}（${FOOD_LICENCE.subName}）`, RESTAURANT_BUNDLE.name];
    expect(
      top.some((text) => wanted.some((w) => text.includes(w))),
      `top results: ${top.join(' | ')}`,
    ).toBe(true);
    // Bundles are marked as such.
    await expect(results.filter({ hasText: RESTAURANT_BUNDLE.name }).first().innerText()).resolves.toContain(
      '一件事',
    );
    await page.getByText('市场监管部门').first().waitFor();
    await screenshot(page, 'search');

    await page
      .getByRole('link', { name: `${FOOD_LICENCE.name}（${FOOD_LICENCE.subName}）` })
      .first()
      .click();
    await page.waitForURL(`**/items/${FOOD_LICENCE.code}`);
    await page.getByRole('heading', { level: 1, name: new RegExp(FOOD_LICENCE.name) }).waitFor();

    const table = page.locator('#materials table');
    await table.waitFor();
    const tableText = await table.innerText();
    for (const m of FOOD_LICENCE.materials) expect(tableText).toContain(m.name);
    await page.locator('#flow svg').waitFor();
    await screenshot(page, 'guide');
    expect(e2e.pageErrors()).toEqual([]);
  });

  it('suggests other ways to look when nothing matches', async () => {
    const page = e2e.page();
    await page.goto(e2e.url(`/search?q=${encodeURIComponent('zzqqxx')}`));
    await page.getByText('未找到与').waitFor();
    await expect(page.getByText('您可以：').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: '一件事一次办' }).first().isVisible()).resolves.toBe(true);
  });
});
