// Display words for catalog codes, as 政务服务网 guides print them.

export const ONLINE_DEPTH: Record<number, { label: string; short: string; color: string }> = {
  1: { label: '信息发布', short: '一级', color: 'default' },
  2: { label: '在线预约/表格下载', short: '二级', color: 'blue' },
  3: { label: '在线申报', short: '三级', color: 'cyan' },
  4: { label: '全程网办', short: '四级', color: 'green' },
};

export function onlineDepthLabel(depth: number | undefined): string {
  if (depth === undefined) return '';
  return ONLINE_DEPTH[depth]?.label ?? `网办深度${depth}`;
}

export const HANDLING_MODE: Record<string, string> = {
  online: '网上办理',
  window: '窗口办理',
  express: '快递',
};

export const SERVED_OBJECT: Record<string, string> = {
  person: '自然人',
  enterprise: '法人',
};

export const LEVEL: Record<string, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡镇（街道）',
};

export const MATERIAL_FORM: Record<string, string> = {
  original: '原件',
  copy: '复印件',
  electronic: '电子',
};

export const MATERIAL_SOURCE: Record<string, string> = {
  applicant: '申请人',
  government: '政府部门核发',
};

/** Who does a flow step, by the role the catalog gives it. */
export const FLOW_ROLE: Record<string, string> = {
  window: '综合窗口',
  reviewer: '审查',
  approver: '决定',
  issuer: '制证',
  delivery: '送达',
  courier: '送达',
};

/** Staff roles as the identity module names them; unknown roles are shown as they are. */
export function daysLabel(days: number): string {
  return days === 0 ? '即办' : `${days}个工作日`;
}

export function visitsLabel(visits: number): string {
  if (visits === 0) return '零跑动';
  if (visits === 1) return '最多跑一次';
  return `${visits}次`;
}

export function itemTitle(item: { name: string; subName?: string }): string {
  return item.subName ? `${item.name}（${item.subName}）` : item.name;
}

export const IMPORT_STATUS: Record<string, string> = {
  applied: '已生效',
  noop: '无变化',
};
