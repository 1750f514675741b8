import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, inject } from 'vitest';
import { launchBrowser, screenshot } from './harness.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    skipReason: string;
  }
}

export interface E2E {
  /** The page of the running test (a fresh browser context per test: no shared login). */
  page(): Page;
  /** Absolute URL of a path on the server under test. */
  url(path: string): string;
  /** Console errors and uncaught exceptions the page reported during this test. */
  pageErrors(): string[];
}

/**
 * A describe block with a browser. Skipped (with the reason printed by global setup) when
 * Chromium is missing outside CI; global setup fails the run in CI instead.
 */
export function e2eDescribe(name: string, body: (e2e: E2E) => void): void {
  const skipReason = inject('skipReason');
  describe.skipIf(Boolean(skipReason))(name, () => {
    const baseUrl = inject('baseUrl');
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let errors: string[] = [];

    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });
    beforeEach(async () => {
      errors = [];
      context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // HTTP errors (401 from GET /api/me for visitors, 400 for a rejected form) are asserted
        // through what the page shows; anything else logged as an error is a bug.
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
          errors.push(`console: ${m.text()}`);
      });
    });
    afterEach(async (ctx) => {
      if (ctx.task.result?.state === 'fail' && page) {
        const safe = ctx.task.name.replace(/[^\w\u4e00-\u9fa5-]+/g, '_').slice(0, 60);
        await screenshot(page, `failed-${safe}`).catch(() => undefined);
      }
      await context?.close();
    });

    body({ page: () => page, url: (p) => `${baseUrl}${p}`, pageErrors: () => errors });
  });
}
