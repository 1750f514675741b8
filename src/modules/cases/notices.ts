import { notFound } from '../../platform/errors.js';
import { formatChineseDate, type OfficialNotice } from '../../platform/pdf/official-notice.js';
import type { CaseRow, MaterialRow } from './repo.js';

export const NOTICE_KINDS = ['acceptance', 'correction', 'rejection'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

const NOTICE_EVENTS: Record<NoticeKind, string[]> = {
  acceptance: ['accept', 'accept-deferred'],
  correction: ['request-correction'],
  rejection: ['reject'],
};

const NOTICE_NAME: Record<NoticeKind, string> = {
  acceptance: '受理通知书',
  correction: '补正材料通知书',
  rejection: '不予受理决定书',
};

const DOC_MARK: Record<NoticeKind, string> = { acceptance: '受', correction: '补', rejection: '不受' };

interface NoticeEvent {
  type: string;
  at: Date;
  payload: Record<string, unknown>;
}

const shanghaiDate = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The written notice an applicant is owed (行政许可法 Art. 32: acceptance, refusal and the one-time
 * correction notice are given in writing, dated and sealed), built from the event that caused it;
 * for a case corrected twice the latest notice is printed.
 */
export function buildNotice(
  kind: NoticeKind,
  c: CaseRow,
  events: NoticeEvent[],
  materials: MaterialRow[],
  ctx: { itemName: string; departmentName: string },
): OfficialNotice {
  const e = [...events].reverse().find((x) => NOTICE_EVENTS[kind].includes(x.type));
  if (!e) throw notFound(NOTICE_NAME[kind], c.case_no);
  const date = shanghaiDate(e.at);
  const applied = formatChineseDate(shanghaiDate(c.created_at));
  const names = new Map(materials.map((m) => [m.material_id, m.name]));
  const subject = `你（单位）于${applied}提出的「${ctx.itemName}」申请（办件编号：${c.case_no}）`;
  const comment = typeof e.payload.comment === 'string' ? e.payload.comment : '';
  const base = {
    title: NOTICE_NAME[kind],
    documentNo: `${ctx.departmentName.replace(/^.*?市/, '').slice(0, 4)}${DOC_MARK[kind]}字〔${date.slice(0, 4)}〕第${c.case_no.slice(-6)}号`,
    recipient: `${c.applicant_name}：`,
    issuer: ctx.departmentName,
    date,
    sealText: ctx.departmentName,
    footer: `办件编号 ${c.case_no}　可登录豫中政务服务网「我的办件」或拨打 12345 查询办理进度`,
  };
  if (kind === 'acceptance') {
    const owed = (e.payload.owed as string[] | undefined) ?? [];
    const paragraphs = [
      `${subject}，经审查，申请材料齐全、符合法定形式${owed.length ? '（部分次要材料准予容缺）' : ''}，根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。`,
      `本机关将在受理之日起${c.promised_days}个工作日内（即${formatChineseDate(String(e.payload.dueDate))}前）作出决定。依法需要听证、检验、检测、鉴定和专家评审的，所需时间不计算在上述期限内，届时另行告知。`,
    ];
    if (owed.length) {
      paragraphs.push(
        `以下材料准予容缺受理，请于${formatChineseDate(String(e.payload.owedUntil))}前补交；材料补齐前，本机关不作出准予许可决定：`,
      );
      return {
        ...base,
        paragraphs,
        table: {
          columns: ['序号', '容缺材料', '补交期限'],
          rows: owed.map((id, i) => [
            String(i + 1),
            names.get(id) ?? id,
            formatChineseDate(String(e.payload.owedUntil)),
          ]),
        },
        closingParagraphs: ['特此通知。'],
      };
    }
    return { ...base, paragraphs: [...paragraphs, '特此通知。'] };
  }
  if (kind === 'correction') {
    const ids = (e.payload.materials as string[] | undefined) ?? [];
    const paused = e.payload.pausedSince ? '补正期间不计入本机关的办理时限。' : '';
    return {
      ...base,
      paragraphs: [
        `${subject}，经审查，申请材料不齐全或者不符合法定形式。根据《中华人民共和国行政许可法》第三十二条的规定，现一次性告知你（单位）需要补正的全部内容如下：`,
      ],
      table: {
        columns: ['序号', '需补正的材料', '补正要求'],
        rows: ids.map((id, i) => [String(i + 1), names.get(id) ?? id, comment || '按办事指南要求重新提交']),
      },
      closingParagraphs: [
        `请按上述要求补正后，通过豫中政务服务网或到综合窗口重新提交。${paused}`,
        '特此通知。',
      ],
    };
  }
  return {
    ...base,
    paragraphs: [
      `${subject}，经审查，根据《中华人民共和国行政许可法》第三十二条的规定，决定不予受理。`,
      `理由：${comment}`,
      '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。',
    ],
  };
}
