import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CalendarService } from '../../platform/calendar/calendar-service.js';
import { isCalendarDate, MAX_YEAR, MIN_YEAR } from '../../platform/calendar/working-calendar.js';
import { access, requirePrincipal } from '../../platform/http/access.js';

const tags = ['工作日历'];
const MAX_DAYS = 3650;

const CalendarDate = z
  .string({ error: '请填写日期，格式 YYYY-MM-DD' })
  .refine(isCalendarDate, `日期应为真实存在的日期，格式 YYYY-MM-DD（${MIN_YEAR}—${MAX_YEAR}年）`)
  .describe('起算日 YYYY-MM-DD（北京时间），本身不计入');

const WorkingDays = z
  .string({ error: '请填写工作日天数' })
  .regex(/^\d+$/, '工作日天数应为不小于 0 的整数')
  .transform(Number)
  .pipe(z.number().max(MAX_DAYS, `工作日天数不能超过 ${MAX_DAYS}`))
  .describe(`工作日天数，0—${MAX_DAYS}；0 即起算日本身`);

const Year = z.coerce
  .number({ error: '年份应为整数' })
  .int('年份应为整数')
  .min(MIN_YEAR, `年份应在${MIN_YEAR}至${MAX_YEAR}之间`)
  .max(MAX_YEAR, `年份应在${MIN_YEAR}至${MAX_YEAR}之间`);

const SpecialDay = z.object({
  date: z.string().describe('YYYY-MM-DD，须在该年份内'),
  kind: z.enum(['holiday', 'workday']).describe('holiday 放假；workday 调休上班（只能是周六或周日）'),
  name: z.string().describe('节日名称，如“春节”'),
});

const YearSummary = z.object({
  year: z.number(),
  source: z.string(),
  loadedAt: z.string(),
  holidays: z.number(),
  workdays: z.number(),
});

const YearNoticeShape = z.object({
  source: z
    .string()
    .describe('通知标题和文号，如“国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔…〕…号）”'),
  days: z.array(SpecialDay).describe('该年全部放假日期（含假期中的周末）和调休上班日期'),
});
// The notice is checked by the service in one pass, so every bad field — including a date outside the
// year in the path — is reported at once; the route only documents its shape.
const { $schema: _, ...noticeDoc } = z.toJSONSchema(YearNoticeShape) as Record<string, unknown>;
const YearNoticeBody = z.record(z.string(), z.unknown()).meta(noticeDoc);

export function calendarRoutes(calendar: CalendarService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/calendar/add-working-days',
      {
        schema: {
          tags,
          summary: '计算 N 个工作日后的日期（起算日不计入，扣除法定节假日，调休上班日计入）',
          querystring: z.object({ from: CalendarDate, days: WorkingDays }),
          response: {
            200: z.object({
              date: z.string(),
              calendarKnown: z.boolean().describe('false：所跨年份的节假日安排尚未加载，该年份仅按周末计算'),
            }),
          },
        },
        config: { access: access.public },
      },
      async (req) => calendar.addWorkingDays(req.query.from, req.query.days),
    );

    app.get(
      '/api/calendar/years',
      {
        schema: {
          tags,
          summary: '已加载节假日安排的年份',
          response: { 200: z.object({ items: z.array(YearSummary) }) },
        },
        config: { access: access.public },
      },
      async () => ({ items: await calendar.years() }),
    );

    app.get(
      '/api/calendar/days',
      {
        schema: {
          tags,
          summary: '某年的放假日和调休上班日',
          querystring: z.object({ year: Year }),
          response: { 200: YearSummary.extend({ days: z.array(SpecialDay) }) },
        },
        config: { access: access.public },
      },
      (req) => calendar.days(req.query.year),
    );

    app.put(
      '/api/admin/calendar/years/:year',
      {
        schema: {
          tags,
          summary: '加载或替换某年的节假日安排（国务院办公厅发布通知后）',
          params: z.object({ year: Year }),
          body: YearNoticeBody,
          response: { 200: YearSummary.extend({ loadedBy: z.string().nullable() }) },
        },
        // The holiday notice is the State Council's, loaded once for the whole province.
        config: { access: access.province(access.staff('admin')) },
      },
      (req) => calendar.loadYear(requirePrincipal(req).id, req.params.year, req.body),
    );
  };
}
