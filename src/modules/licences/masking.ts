import { checkIdNumber, maskIdNumber } from '../identity/id-number.js';

/**
 * What a licence shows to anyone but its holder. Masking one field is not enough: the birth date
 * beside a masked ID number gives back the eight digits the mask hid (GB 11643 positions 7–14), and
 * a spouse's number on a 结婚证 is as personal as the holder's. So every ID number in the data is
 * masked, every field that carries the birth date of one of them is hidden, and mobile numbers are
 * masked (个人信息保护法 Art. 28: ID numbers are sensitive personal information).
 */

const ID_NUMBER = /\b\d{17}[\dXx]\b/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** The ways a date is written on a licence: 1990-03-07, 1990.03.07, 19900307, 1990年3月7日. */
function dateForms(yyyymmdd: string): string[] {
  const y = yyyymmdd.slice(0, 4);
  const m = yyyymmdd.slice(4, 6);
  const d = yyyymmdd.slice(6, 8);
  const mn = String(Number(m));
  const dn = String(Number(d));
  return [
    `${y}-${m}-${d}`,
    `${y}.${m}.${d}`,
    `${y}/${m}/${d}`,
    yyyymmdd,
    `${y}年${m}月${d}日`,
    `${y}年${mn}月${dn}日`,
    `${y}-${mn}-${dn}`,
  ];
}

export const maskMobile = (v: string) => `${v.slice(0, 3)}****${v.slice(-4)}`;

/** Birth dates (YYYYMMDD) of the valid ID numbers among `values`. */
function birthDates(values: string[]): Set<string> {
  const out = new Set<string>();
  for (const v of values) {
    for (const n of v.match(ID_NUMBER) ?? []) if (checkIdNumber(n).ok) out.add(n.slice(6, 14));
  }
  return out;
}

/**
 * The licence data as others see it. `holderNumber` is the holder's ID number or USCC: masked
 * wherever it appears, as the holder's number is in the view's `holder.number`.
 */
export function maskLicenceData(
  data: Record<string, string>,
  holderNumber: string | null,
): Record<string, string> {
  const values = [...Object.values(data), ...(holderNumber ? [holderNumber] : [])];
  const births = [...birthDates(values)].flatMap(dateForms);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    const masked = (holderNumber ? v.replaceAll(holderNumber, maskIdNumber(holderNumber)) : v)
      .replace(ID_NUMBER, (n) => (checkIdNumber(n).ok ? maskIdNumber(n) : n))
      .replace(MOBILE, maskMobile);
    out[k] = births.some((b) => masked.includes(b)) ? '****' : masked;
  }
  return out;
}
