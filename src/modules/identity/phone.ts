/** Mainland mobile numbers: 11 digits, 1 then 3–9 (the number segments MIIT allocates to mobile networks). */

export type PhoneCheck = { ok: true; value: string } | { ok: false; message: string };

/**
 * People type numbers as 138 0013 8000, 138-0013-8000 or +86 138…, often in full-width digits from a
 * Chinese IME; all of them are the same number, so they are folded to 11 plain digits before checking.
 */
function normalise(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .replace(/^(\+86|0086)/, '');
}

export function checkPhone(raw: string): PhoneCheck {
  const value = normalise(raw);
  if (!/^\d*$/.test(value)) return { ok: false, message: '手机号码只能包含数字' };
  if (value.length !== 11) return { ok: false, message: '手机号码应为11位' };
  if (!/^1[3-9]\d{9}$/.test(value)) return { ok: false, message: '手机号码应以13至19开头' };
  return { ok: true, value };
}

/** Masked form for lists, logs and exports (GB/T 35273 treats the number as personal information). */
export function maskPhone(v: string): string {
  if (v.length < 8) return '*'.repeat(v.length);
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}
