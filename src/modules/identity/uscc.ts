/**
 * 统一社会信用代码 (GB 32100-2015): 1 registration authority + 1 organisation category + 6-digit region
 * code (GB/T 2260) of the registering office + 9-character subject code (the GB 11714 organisation code)
 * + 1 check character.
 *
 * No masking function on purpose: the code identifies a legal person or other organisation, is printed
 * on its licence and published by the registries (国家企业信用信息公示系统, 双公示), so it is public
 * data, not personal information. A 个体工商户's code is public on the same registries; the operator's
 * own 公民身份号码 is what must be masked.
 */

export type UsccCheck =
  | {
      ok: true;
      value: string;
      /** 登记管理部门, e.g. 工商 */
      authority: string;
      /** 机构类别, e.g. 企业, 个体工商户 */
      category: string;
      regionCode: string;
      /** 主体标识码 (组织机构代码), positions 9–17 */
      organisationCode: string;
    }
  | { ok: false; message: string };

// GB 32100-2015 uses 31 characters: digits and capital letters without I, O, Z, S, V (too easily read
// as 1, 0, 2, 5, U). A character's value is its index here.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// Weight of position i is 3^i mod 31.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * 登记管理部门代码 → 机构类别代码. 1–9 and Y with their categories are the table of GB 32100-2015. The
 * rest were assigned after 2015 as further registries adopted the code: A (军队), N (农村集体经济组织),
 * G (境外非政府组织代表机构), J (业主大会), Q (侨联组织), and the new categories under 3 (商事调解组织),
 * 5 (村民委员会, 居民委员会) and 8 (非法人工会组织). The table only has to stop impossible codes — the
 * check character already catches typing errors — so when a genuine code is turned away for its
 * authority or category, the fix is to add the new assignment here.
 */
export const USCC_AUTHORITIES: Readonly<
  Record<string, { name: string; categories: Record<string, string> }>
> = {
  '1': {
    name: '机构编制',
    categories: { '1': '机关', '2': '事业单位', '3': '中央编办直接管理机构编制的群众团体', '9': '其他' },
  },
  '2': { name: '外交', categories: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    name: '司法行政',
    categories: {
      '1': '律师执业机构',
      '2': '公证处',
      '3': '基层法律服务所',
      '4': '司法鉴定机构',
      '5': '仲裁委员会',
      '6': '商事调解组织',
      '9': '其他',
    },
  },
  '4': { name: '文化', categories: { '1': '外国在华文化中心', '9': '其他' } },
  '5': {
    name: '民政',
    categories: {
      '1': '社会团体',
      '2': '民办非企业单位',
      '3': '基金会',
      '4': '村民委员会',
      '5': '居民委员会',
      '9': '其他',
    },
  },
  '6': {
    name: '旅游',
    categories: {
      '1': '外国旅游部门常驻代表机构',
      '2': '港澳台地区旅游部门常驻内地（大陆）代表机构',
      '9': '其他',
    },
  },
  '7': { name: '宗教', categories: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { name: '工会', categories: { '1': '基层工会', '2': '非法人工会组织', '9': '其他' } },
  '9': { name: '工商', categories: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' } },
  A: { name: '中央军委改革和编制办公室', categories: { '1': '军队事业单位', '9': '其他' } },
  G: { name: '公安', categories: { '1': '境外非政府组织代表机构', '9': '其他' } },
  J: { name: '住房城乡建设', categories: { '1': '业主大会', '9': '其他' } },
  N: {
    name: '农业',
    categories: { '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' },
  },
  Q: {
    name: '侨联',
    categories: { '1': '区县级侨联组织', '2': '乡镇级侨联组织', '3': '村级侨联组织', '9': '其他' },
  },
  Y: { name: '其他', categories: { '1': '其他' } },
};

// GB/T 2260 province-level codes, plus 10 (100000) which stands for the national level: organisations
// registered by a central authority carry it, e.g. 111000000000… for organs of the State Council.
// biome-ignore format: one row per region group of GB/T 2260 reads better than one code per line
const REGION_PREFIXES: ReadonlySet<string> = new Set([
  '10',
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

// Position 17 is also the GB 11714 check character of the organisation code (weights 3 7 9 10 5 8 4 2,
// mod 11). It is deliberately not enforced: the mod-31 check of position 18 already covers all 17
// characters, so the GB 11714 check catches no typing error that it misses, and enforcing it would add
// the risk of turning away a genuine code should any registry have issued a subject code outside GB 11714.

function checkCharOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Full-width input from a Chinese IME and pasted spaces are folded away; letters are compared in capitals. */
function normalise(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export function checkUscc(raw: string): UsccCheck {
  const value = normalise(raw);
  if (value.length !== 18) return { ok: false, message: '统一社会信用代码应为18位' };
  if (!/^[0-9A-Z]{18}$/.test(value))
    return { ok: false, message: '统一社会信用代码只能由数字和英文字母组成' };
  if (/[IOZSV]/.test(value)) {
    return { ok: false, message: '统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）' };
  }
  const authority = USCC_AUTHORITIES[value[0]!];
  if (!authority) return { ok: false, message: '统一社会信用代码的登记管理部门代码不正确' };
  const category = authority.categories[value[1]!];
  if (!category) return { ok: false, message: '统一社会信用代码的机构类别代码不正确' };
  const regionCode = value.slice(2, 8);
  if (!/^\d{6}$/.test(regionCode) || !REGION_PREFIXES.has(regionCode.slice(0, 2))) {
    return { ok: false, message: '统一社会信用代码的登记管理机关行政区划码不正确' };
  }
  if (checkCharOf(value) !== value[17]) return { ok: false, message: '统一社会信用代码校验位不正确' };
  return {
    ok: true,
    value,
    authority: authority.name,
    category,
    regionCode,
    organisationCode: value.slice(8, 17),
  };
}

/** Appends the check character; for demo organisations and tests. */
export function makeUscc(first17: string): string {
  const body = first17.toUpperCase();
  if (body.length !== 17 || [...body].some((c) => !ALPHABET.includes(c))) {
    throw new Error(`makeUscc: expected 17 characters of ${ALPHABET}, got ${first17}`);
  }
  return `${body}${checkCharOf(body)}`;
}
