import { expect, it } from 'vitest';
import { e2eDescribe } from './suite.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A fresh 18-digit number with a correct GB 11643 check digit (峡江区, born 1988). */
function idNumber(): string {
  const seq = String(Math.floor(Math.random() * 900) + 100);
  const body = `41120219880808${seq}`.slice(0, 17);
  const sum = [...body].reduce((s, d, i) => s + Number(d) * WEIGHTS[i]!, 0);
  return body + CHECK[sum % 11];
}

function withWrongCheckDigit(id: string): string {
  const right = id[17]!;
  const wrong = [...'0123456789X'].find((c) => c !== right)!;
  return id.slice(0, 17) + wrong;
}

e2eDescribe('registration', (e2e) => {
  it('shows the check-digit error under the ID number field and creates nothing', async () => {
    const page = e2e.page();
    const goodId = idNumber();
    const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const password = 'Xiazhou#2026a';

    await page.goto(e2e.url('/register'));
    await page.getByRole('tab', { name: '个人注册' }).click();
    const form = page.locator('form#reg-person');
    await form.getByLabel('姓名').fill('陈通办');
    await form.getByLabel('公民身份号码').fill(withWrongCheckDigit(goodId));
    await form.getByLabel('手机号码').fill(phone);
    await form.getByLabel('登录密码').fill(password);
    await form.getByLabel('确认密码').fill(password);
    await form.getByRole('button', { name: /注\s*册/ }).click();

    const idItem = form.locator('.ant-form-item').filter({ has: page.getByLabel('公民身份号码') });
    const idError = idItem.locator('.ant-form-item-explain-error');
    await idError.waitFor();
    await expect(idError.innerText()).resolves.toContain('校验位');
    await expect(page.getByText('注册成功').count()).resolves.toBe(0);

    // Nothing was created: the phone cannot log in ...
    const login = await fetch(e2e.url('/api/auth/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: phone, password }),
    });
    expect(login.status).toBe(401);

    // ... and is still free: with the right check digit the same phone registers.
    await form.getByLabel('公民身份号码').fill(goodId);
    await form.getByRole('button', { name: /注\s*册/ }).click();
    await page.getByText('注册成功').waitFor();
  });
});
