/**
 * 公民身份号码 (GB 11643-1999): a 6-digit address code (GB/T 2260), an 8-digit birth date, a 3-digit
 * sequence code (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 */

export type IdNumberCheck =
  | { ok: true; value: string; birthDate: string; gender: 'male' | 'female' }
  | { ok: false; message: string };

// GB/T 2260 province-level codes. 71 (台湾省) is listed in GB/T 2260 itself. 81, 82 and 83 are the address
// codes 810000 / 820000 / 830000 that 《港澳台居民居住证申领发放办法》(国办发〔2018〕81号) gives to the
// residence permits of Hong Kong, Macao and Taiwan residents; those numbers are GB 11643 numbers in every
// other respect, and the holders use them for government services on the mainland.
// biome-ignore format: one row per region group of GB/T 2260 reads better than one code per line
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

// ISO 7064 MOD 11-2: weight of position i is 2^(17-i) mod 11; the check character brings the weighted
// sum to 1 mod 11, and the value 10 is written as X.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

// No one born before 1900 is alive to apply, so such a date can only be a typing error.
const EARLIEST_BIRTH = '19000101';
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

function checkCharOf(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isCalendarDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

// The birth date is a date in China (UTC+8, no daylight saving), not in the server's time zone.
function chinaToday(now: Date): string {
  return new Date(now.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Input typed through a Chinese IME often arrives in full-width form (１２３ｘ) or with spaces between
 * groups of digits; NFKC folds full-width characters to ASCII.
 */
function normalise(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export function checkIdNumber(raw: string, now: Date = new Date()): IdNumberCheck {
  const value = normalise(raw);
  if (value.length !== 18) return { ok: false, message: '公民身份号码应为18位' };
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, message: '公民身份号码前17位应为数字，最后一位应为数字或X' };
  }
  if (!PROVINCE_CODES.has(value.slice(0, 2))) return { ok: false, message: '公民身份号码的地区码不正确' };

  const birth = value.slice(6, 14);
  if (!isCalendarDate(birth)) return { ok: false, message: '公民身份号码中的出生日期不正确' };
  if (birth < EARLIEST_BIRTH) return { ok: false, message: '公民身份号码中的出生日期不能早于1900年' };
  if (birth > chinaToday(now)) return { ok: false, message: '公民身份号码中的出生日期不能晚于今天' };

  if (checkCharOf(value) !== value[17]) return { ok: false, message: '公民身份号码校验位不正确' };

  return {
    ok: true,
    value,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Masked form for lists, logs and exports (GB/T 35273 treats the number as sensitive). */
export function maskIdNumber(v: string): string {
  if (v.length <= 8) return '*'.repeat(v.length);
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}

/** Builds a valid number from its parts; for demo accounts and tests, never for real people. */
export function makeIdNumber(region6: string, birth: string, seq3: string): string {
  if (!/^\d{6}$/.test(region6) || !/^\d{8}$/.test(birth) || !/^\d{3}$/.test(seq3)) {
    throw new Error(`makeIdNumber: expected 6 + 8 + 3 digits, got ${region6} / ${birth} / ${seq3}`);
  }
  const body = `${region6}${birth}${seq3}`;
  return `${body}${checkCharOf(body)}`;
}
