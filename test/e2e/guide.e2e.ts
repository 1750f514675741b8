import { expect, it } from 'vitest';
import { itemWithFaqs, itemWithParallelFlow, seedBundle } from './catalog.js';
import { e2eDescribe } from './suite.js';

e2eDescribe('the 办事指南', (e2e) => {
  it('draws the flow chart with parallel steps side by side and answers the FAQ', async () => {
    const item = itemWithParallelFlow();
    const page = e2e.page();
    await page.goto(e2e.url(`/items/${item.code}`));
    await page.getByRole('heading', { level: 1, name: new RegExp(item.name) }).waitFor();

    const chart = page.getByRole('img', { name: /办理流程图/ });
    await chart.waitFor();
    const chartText = await chart.textContent();
    for (const step of item.flow.steps) expect(chartText).toContain(step.name.slice(0, 8));
    expect(chartText).toContain('并联办理');
    // Parallel steps share a column: same x, different y.
    const parallel = item.flow.steps.filter((s) => s.parallelGroup);
    const boxes = await Promise.all(
      parallel.map((s) => page.locator(`[data-step="${s.id}"] rect`).first().boundingBox()),
    );
    expect(boxes[0]!.x).toBeCloseTo(boxes[1]!.x, 0);
    expect(boxes[0]!.y).not.toBeCloseTo(boxes[1]!.y, 0);

    // The first answer is open; the others open on click.
    const faq = page.locator('#faq');
    await expect(faq.getByText(item.faq[0]!.q).isVisible()).resolves.toBe(true);
    await expect(faq.getByText(item.faq[0]!.a).isVisible()).resolves.toBe(true);

    // 在线办理 opens the application for items offered online; others keep it disabled with the reason.
    if (item.handlingModes.includes('online')) {
      const apply = page.getByRole('link', { name: /在线办理/ });
      await expect(apply.getAttribute('href')).resolves.toBe(`/apply/${item.code}`);
    } else {
      const apply = page.getByRole('button', { name: /在线办理/ });
      await expect(apply.isDisabled()).resolves.toBe(true);
      await expect(apply.getAttribute('aria-describedby')).resolves.toBeTruthy();
    }
    await expect(
      page
        .getByText(/第 \d+ 版/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);

    // The printed guide drops the site chrome.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
    await expect(page.locator('#materials').isVisible()).resolves.toBe(true);
    expect(e2e.pageErrors()).toEqual([]);
  });

  it('opens further FAQ answers on click', async () => {
    const item = itemWithFaqs(3);
    const page = e2e.page();
    await page.goto(e2e.url(`/items/${item.code}`));
    const faq = page.locator('#faq');
    await faq.getByText(item.faq[0]!.q).waitFor();
    await expect(faq.getByText(item.faq[2]!.a).isVisible()).resolves.toBe(false);
    await faq.getByText(item.faq[2]!.q).click();
    await faq.getByText(item.faq[2]!.a).waitFor({ state: 'visible' });
  });

  it('shows a bundle with its items and the merged materials list', async () => {
    const bundle = seedBundle('BD-KBCYD');
    const page = e2e.page();
    await page.goto(e2e.url(`/bundles/${bundle.code}`));
    await page.getByRole('heading', { level: 1, name: new RegExp(bundle.name) }).waitFor();
    for (const code of bundle.items)
      await expect(page.locator(`a[href="/items/${code}"]`).count()).resolves.toBeGreaterThan(0);
    const materials = page.locator('.materials-table');
    await expect(materials.innerText()).resolves.toContain('食品经营许可申请书');
  });
});
