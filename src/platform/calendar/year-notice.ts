import { type FieldError, validationFailed } from '../errors.js';
import {
  type DayKind,
  dayNumber,
  isWeekend,
  MAX_YEAR,
  MIN_YEAR,
  type SpecialDay,
} from './working-calendar.js';

/** One year of the State Council's holiday notice (国务院办公厅关于部分节假日安排的通知). */
export interface YearNotice {
  year: number;
  /** Where the days come from: the notice's title and document number. */
  source: string;
  days: SpecialDay[];
}

const KINDS: readonly DayKind[] = ['holiday', 'workday'];
const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const MAX_SOURCE = 500;
const MAX_NAME = 50;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function isCalendarYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR;
}

/**
 * Checks a notice as typed in by an administrator, reporting every bad field at once (一次性告知).
 * A make-up workday can only be a Saturday or Sunday — a "workday" on a Tuesday is a typing error. A
 * holiday may fall on any day: a weekend inside a holiday block (e.g. 国庆 Oct 1–8) is listed too.
 */
export function parseYearNotice(year: number, input: unknown): YearNotice {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (!isCalendarYear(year)) err('year', `年份应为${MIN_YEAR}至${MAX_YEAR}之间的整数`);
  if (!isObject(input)) {
    err('body', '请求体应为对象：{ source, days }');
    throw validationFailed(errors);
  }

  const source = typeof input.source === 'string' ? input.source.trim() : '';
  if (typeof input.source !== 'string') err('source', '请填写通知来源（标题、文号）');
  else if (source === '') err('source', '通知来源不能为空');
  else if (source.length > MAX_SOURCE) err('source', `通知来源不能超过${MAX_SOURCE}个字符`);

  const days: SpecialDay[] = [];
  if (!Array.isArray(input.days)) err('days', '请提供放假和调休上班日期列表');
  else {
    const firstIndexOf = new Map<string, number>();
    input.days.forEach((raw, i) => {
      const at = `days[${i}]`;
      if (!isObject(raw)) {
        err(at, '应为对象：{ date, kind, name }');
        return;
      }
      const { date, kind, name } = raw;
      let dateOk = false;
      if (typeof date !== 'string' || dayNumber(date) === null)
        err(`${at}.date`, '日期应为真实存在的日期，格式 YYYY-MM-DD');
      else if (Number(date.slice(0, 4)) !== year) err(`${at}.date`, `日期不在${year}年内`);
      else if (firstIndexOf.has(date))
        err(`${at}.date`, `日期与第${(firstIndexOf.get(date) ?? 0) + 1}项重复`);
      else {
        firstIndexOf.set(date, i);
        dateOk = true;
      }
      const kindOk = typeof kind === 'string' && (KINDS as readonly string[]).includes(kind);
      if (!kindOk) err(`${at}.kind`, '类型应为 holiday（放假）或 workday（调休上班）');
      else if (kind === 'workday' && dateOk && !isWeekend(date as string)) {
        const wd = WEEKDAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()];
        err(`${at}.kind`, `调休上班日应为周六或周日，${date} 是${wd}`);
      }
      const nameText = typeof name === 'string' ? name.trim() : '';
      if (nameText === '') err(`${at}.name`, '请填写节日名称');
      else if (nameText.length > MAX_NAME) err(`${at}.name`, `节日名称不能超过${MAX_NAME}个字符`);
      if (dateOk && kindOk) days.push({ date: date as string, kind: kind as DayKind, name: nameText });
    });
    // Every year has statutory holidays (全国年节及纪念日放假办法); an empty list is a mistake that
    // would silently turn every holiday into a working day.
    if (errors.length === 0 && !days.some((d) => d.kind === 'holiday'))
      err('days', '至少应包含一个法定节假日');
  }

  if (errors.length > 0) throw validationFailed(errors, '节假日安排有误，请按提示修改后重新提交');
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { year, source, days };
}
