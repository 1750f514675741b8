import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PDF, startTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/engines.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe.each(ENGINES)('a login flood on %s', (engine) => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp(engine);
    token = await t.login('demo-person');
  });
  afterAll(() => t.close());

  async function timedUpload(): Promise<number> {
    const t0 = performance.now();
    await t.upload(token, Buffer.concat([SAMPLE_PDF, Buffer.alloc(256 * 1024, 0x20)]));
    return performance.now() - t0;
  }

  it('refuses logins beyond the hashing cap at once with 429 and Retry-After, and other people’s uploads stay fast', async () => {
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) baseline.push(await timedUpload());

    // 50 logins with made-up names from one client, all at once (each would cost an argon2 hash).
    const flood = Array.from({ length: 50 }, async (_, i) => {
      const t0 = performance.now();
      const r = await t.call('POST', '/api/auth/login', {
        body: { username: `nobody-${i}-${Math.random().toString(36).slice(2)}`, password: 'Wrong@Pass1' },
      });
      return {
        status: r.statusCode,
        code: r.json().code as string,
        retryAfter: r.headers['retry-after'],
        type: String(r.headers['content-type']),
        ms: performance.now() - t0,
      };
    });
    // Uploads one after another for as long as the flood lasts.
    let flooding = true;
    const all = Promise.all(flood).finally(() => {
      flooding = false;
    });
    const during: number[] = [];
    await new Promise((r) => setTimeout(r, 30));
    while (flooding || during.length < 3) during.push(await timedUpload());
    const answers = await all;

    const refused = answers.filter((a) => a.status === 429);
    const checked = answers.filter((a) => a.status !== 429);
    // At most the running and the waiting ones were checked; the rest refused without hashing.
    expect(refused.length).toBeGreaterThanOrEqual(20);
    for (const a of refused) {
      expect(a.code).toBe('too_many_requests');
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(a.type).toMatch(/^application\/problem\+json/);
    }
    // Checked ones failed as a wrong login does, never 5xx.
    for (const a of checked) expect(a.status).toBe(401);
    // Refused early: faster than the logins that were actually checked.
    expect(median(refused.map((a) => a.ms))).toBeLessThanOrEqual(Math.max(...checked.map((a) => a.ms)));
    // The upload beside the flood stays in the range of the quiet one (generous: a shared 2-core machine).
    expect(median(during)).toBeLessThan(median(baseline) * 8 + 250);
  });

  it('lets a real login through again once the flood is over', async () => {
    expect(await t.login('demo-enterprise')).toMatch(/.+/);
  });
});
