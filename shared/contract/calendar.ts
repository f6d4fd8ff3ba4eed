import { z } from "zod";

/** Years the calendar accepts: the table's CHECK, wide enough for old decisions and the coming decades. */
export const CALENDAR_YEARS = { min: 2000, max: 2100 } as const;

export const CalendarYearParam = z.object({
  year: z.coerce
    .number()
    .int("年份应为整数")
    .min(CALENDAR_YEARS.min, `年份应在 ${CALENDAR_YEARS.min}–${CALENDAR_YEARS.max} 之间`)
    .max(CALENDAR_YEARS.max, `年份应在 ${CALENDAR_YEARS.min}–${CALENDAR_YEARS.max} 之间`)
    .meta({ param: { name: "year", in: "path" }, description: "公历年份", example: 2027 }),
});

const Dates = (what: string) =>
  z
    .array(z.string().max(20, "日期应为 YYYY-MM-DD"))
    .max(366, `${what}不超过 366 天`)
    .describe(`${what}（YYYY-MM-DD，须在该年内）`);

export const CalendarArrangementInput = z
  .object({
    source: z.string().trim().min(1, "请填写通知标题").max(200, "通知标题不超过 200 字").describe("依据：国务院办公厅通知的标题，如“国务院办公厅关于2027年部分节假日安排的通知”"),
    holidays: Dates("放假日期（含放假期间的周末）"),
    workdays: Dates("调休上班日期（周六或周日）"),
  })
  .meta({ id: "CalendarArrangementInput", description: "一年的节假日安排（国务院办公厅通知）" });
export type CalendarArrangementInput = z.infer<typeof CalendarArrangementInput>;

export const CalendarYear = z
  .object({
    year: z.number().int(),
    covered: z.boolean().describe("是否有该年的节假日安排；false 时按周一至周五计算工作日，涉及该年的期限均为暂定"),
    source: z.string().nullable().describe("安排的来源：信用管理员录入的通知标题，或 chinese-days 软件包；未覆盖时为空"),
    origin: z.enum(["admin", "library"]).nullable().describe("admin 信用管理员录入（优先）；library 软件包自带；未覆盖时为空"),
    holidays: z.array(z.string()).describe("放假日期"),
    workdays: z.array(z.string()).describe("调休上班日期"),
    updatedAt: z.string().nullable().describe("录入时间（仅 admin）"),
  })
  .meta({ id: "CalendarYear", description: "某年的工作日安排及其来源" });
export type CalendarYear = z.infer<typeof CalendarYear>;

export const CalendarUpdate = CalendarYear.extend({
  recomputed: z
    .object({ cases: z.number().int().describe("重新计算期限的信用修复和异议案件数"), stillProvisional: z.number().int().describe("仍涉及未覆盖年份、期限仍为暂定的案件数") })
    .describe("录入后重新计算的案件期限"),
}).meta({ id: "CalendarUpdate", description: "已保存的节假日安排及重算结果" });
export type CalendarUpdate = z.infer<typeof CalendarUpdate>;
