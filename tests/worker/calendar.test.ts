/**
 * The working-day calendar inside workerd with the real D1: GET /api/v1/calendar/{year} says honestly which years
 * it covers, PUT stores the State Council's arrangement (validated, naming the field), and case deadlines that
 * crossed an uncovered year are provisional until it is entered — then recomputed, with a history entry.
 * The 2027 arrangement used here is clearly labelled test data (tests/fixtures/calendar), not the real notice.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import arrangement2027 from "../fixtures/calendar/2027-test-arrangement.json";
import type { CalendarUpdate, CalendarYear, CaseSummary, CaseView } from "../../shared/contract";
import { ADMIN_COOKIE } from "../../worker/admin/session";
import { fileObjection } from "../../worker/objections/service";
import { fileRepair } from "../../worker/repair/service";
import { insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, bearer, token } from "./tokens";
import { ShardRouter } from "../../worker/shards";

/** The services take the shard router; in this project the control database is the only shard. */
const router = () => new ShardRouter(env, env.DB, (db) => db);

const SUBJECT = uscc("500103");
const FILED_ON = "2026-12-28"; // a Monday; five working days reach into 2027
const TEST_2027 = { source: arrangement2027.source, holidays: arrangement2027.holidays, workdays: arrangement2027.workdays };
let officer: Record<string, string>;
let admin: Record<string, string>;
const tracking = { objection: "", objectionKey: "", repair: "" };

type Err = { error: { code: string; message: string; details: { field: string; message: string }[] } };
async function call<T>(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T & Err }> {
  const res = await exports.default.fetch(`http://x${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    headers: { "content-type": "application/json", ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as T & Err };
}
const caseView = async (t: string) => (await call<CaseView>(`/api/v1/cases/${t}`, { headers: admin })).body;

beforeAll(async () => {
  officer = bearer(await token(OFFICER));
  admin = bearer(await token(ADMIN));
  const id = await insertSubject({ code: SUBJECT, name: "重庆渝中跨年期限测试有限公司" });
  await insertPenalty(id, { docNo: "渝中市监罚〔2026〕1201号", monthsAgo: 5 });
  await insertPenalty(id, { docNo: "渝中市监罚〔2026〕1202号", monthsAgo: 5 });
  const filing = (docNo: string) => ({ subjectCode: SUBJECT, docNo, applicantName: "王小明", applicantContact: "13812345678", statement: "罚款已缴清", reason: "金额有误", commitmentAccepted: true as const });
  // Filed on 2026-12-28 as the services would on that day (the date is a parameter of the filing).
  const objection = await fileObjection(router(), env, filing("渝中市监罚〔2026〕1201号"), FILED_ON);
  tracking.objection = objection.tracking;
  tracking.objectionKey = objection.secret;
  tracking.repair = (await fileRepair(router(), env, filing("渝中市监罚〔2026〕1202号"), FILED_ON)).tracking;
});

describe("GET /api/v1/calendar/{year}", () => {
  it("2026 is covered by the library, 2027 by nothing (chinese-days 1.5.7 ends with 2026)", async () => {
    const y2026 = await call<CalendarYear>("/api/v1/calendar/2026", { headers: officer });
    expect(y2026.status).toBe(200);
    expect(y2026.body).toMatchObject({ year: 2026, covered: true, origin: "library" });
    expect(y2026.body.holidays).toContain("2026-10-01");
    expect(y2026.body.workdays).toContain("2026-10-10");
    const y2027 = await call<CalendarYear>("/api/v1/calendar/2027", { headers: officer });
    expect(y2027.body).toEqual({ year: 2027, covered: false, origin: null, source: null, holidays: [], workdays: [], updatedAt: null });
  });

  it("refuses years outside 2000–2100 naming the parameter", async () => {
    for (const year of ["1999", "2101", "20x7"]) {
      const res = await call(`/api/v1/calendar/${year}`, { headers: officer });
      expect(res.status, year).toBe(400);
      expect(res.body.error.details[0]!.field).toBe("path.year");
    }
  });
});

describe("deadlines across 2026→2027", () => {
  it("while 2027 is uncovered, the objection's deadline is provisional and says so everywhere", async () => {
    const objection = await caseView(tracking.objection);
    expect(objection).toMatchObject({ deadline: "2027-01-04", deadlineProvisional: true }); // 元旦 counted as a working day
    // The repair's 3 working days end on 2026-12-31: nothing in 2027 was needed, so it is exact.
    expect(await caseView(tracking.repair)).toMatchObject({ deadline: "2026-12-31", deadlineProvisional: false });
    const queue = (await call<{ items: CaseSummary[] }>("/api/v1/cases", { headers: admin })).body.items;
    expect(queue.find((i) => i.tracking === tracking.objection)).toMatchObject({ deadlineProvisional: true });
    const page = await (await exports.default.fetch(`http://x/cases/${tracking.objection}?k=${encodeURIComponent(tracking.objectionKey)}`)).text();
    expect(page).toContain("2027-01-04 前作出决定（暂定");
    const adminPage = await (await exports.default.fetch("http://x/admin/cases", { headers: { cookie: `${ADMIN_COOKIE}=${await token(ADMIN)}` } })).text();
    expect(adminPage).toContain("2027-01-04（暂定）");
    expect(adminPage).toContain("涉及尚无节假日安排的年份");
  });

  it("a filing's answer says the deadline is provisional", async () => {
    const id = (await env.DB.prepare("SELECT id FROM subjects WHERE code = ?1").bind(SUBJECT).first<{ id: number }>())!.id;
    await insertPenalty(id, { docNo: "渝中市监罚〔2026〕1203号", monthsAgo: 5 });
    const filed = await fileObjection(router(), env, { subjectCode: SUBJECT, docNo: "渝中市监罚〔2026〕1203号", applicantName: "王小明", applicantContact: "13812345678", reason: "金额有误" }, "2026-12-30");
    expect(filed).toMatchObject({ deadline: "2027-01-06", deadlineProvisional: true });
  });

  it("PUT is for admins only and checks the arrangement, naming the field", async () => {
    expect((await call("/api/v1/calendar/2027", { method: "PUT", body: TEST_2027, headers: officer })).status).toBe(403);
    const outside = await call("/api/v1/calendar/2027", { method: "PUT", body: { ...TEST_2027, holidays: [...TEST_2027.holidays, "2028-01-01"] }, headers: admin });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details).toEqual([{ field: `body.holidays.${TEST_2027.holidays.length}`, expected: "date", message: "2028-01-01 不在 2027 年内" }]);
    const both = await call("/api/v1/calendar/2027", { method: "PUT", body: { ...TEST_2027, workdays: ["2027-01-02"] }, headers: admin });
    expect(both.body.error.details).toEqual([{ field: "body.workdays.0", expected: "date", message: "2027-01-02 同时列为放假日期和调休上班日期" }]);
    const malformed = await call("/api/v1/calendar/2027", { method: "PUT", body: { ...TEST_2027, holidays: ["2027-02-29"] }, headers: admin });
    expect(malformed.body.error.details[0]).toMatchObject({ field: "body.holidays.0", message: "“2027-02-29”不是有效日期，应为 YYYY-MM-DD" });
    const noSource = await call("/api/v1/calendar/2027", { method: "PUT", body: { ...TEST_2027, source: "" }, headers: admin });
    expect(noSource.body.error.details[0]!.field).toBe("body.source");
    // Nothing was stored by the refused requests: the deadlines are still provisional.
    expect((await caseView(tracking.objection)).deadlineProvisional).toBe(true);
  });

  it("after the 2027 arrangement is entered the deadline is exact, recomputed, and the history says so", async () => {
    const put = await call<CalendarUpdate>("/api/v1/calendar/2027", { method: "PUT", body: TEST_2027, headers: admin });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ year: 2027, covered: true, origin: "admin", source: "测试用安排（非国务院办公厅正式通知）", recomputed: { cases: 2, stillProvisional: 0 } });
    const objection = await caseView(tracking.objection);
    expect(objection).toMatchObject({ deadline: "2027-01-05", deadlineProvisional: false });
    expect(objection.history.at(-1)).toMatchObject({ action: "deadline_recomputed", note: "按2027年节假日安排重新计算决定期限：2027-01-04 → 2027-01-05" });
    expect(await caseView(tracking.repair)).toMatchObject({ deadline: "2026-12-31", deadlineProvisional: false });
    expect((await call<CalendarYear>("/api/v1/calendar/2027", { headers: officer })).body).toMatchObject({ covered: true, origin: "admin", holidays: [...TEST_2027.holidays].sort() });
    // Entering it again changes nothing.
    expect((await call<CalendarUpdate>("/api/v1/calendar/2027", { method: "PUT", body: TEST_2027, headers: admin })).body.recomputed).toEqual({ cases: 0, stillProvisional: 0 });
  });

  it("a new filing across the boundary is exact from the start", async () => {
    const id = (await env.DB.prepare("SELECT id FROM subjects WHERE code = ?1").bind(SUBJECT).first<{ id: number }>())!.id;
    await insertPenalty(id, { docNo: "渝中市监罚〔2026〕1204号", monthsAgo: 5 });
    const filed = await fileObjection(router(), env, { subjectCode: SUBJECT, docNo: "渝中市监罚〔2026〕1204号", applicantName: "王小明", applicantContact: "13812345678", reason: "金额有误" }, FILED_ON);
    expect(filed).toMatchObject({ deadline: "2027-01-05", deadlineProvisional: false });
  });
});
