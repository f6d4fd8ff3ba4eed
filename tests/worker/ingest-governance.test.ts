/**
 * Who may upload what, publication classes and windows at their edges (read path and daily job), the
 * configurable severity rules, and the batch quality report: 及时率, 重错码率, paging.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "../../shared/domain/dates";
import { DEFAULT_SEVERITY_RULES, PUBLICATION_PERIOD_MONTHS, type Severity, publicationWindow } from "../../shared/domain/penalties";
import { workingDaysBetween } from "../../shared/domain/workdays";
import { runScheduled } from "../../worker/jobs";
import { OTHER_UNIT, SOURCE_UNIT, companyName, enterpriseCode, penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { profile, recordByDocNo, report, tableCounts, upload } from "../fixtures/ingest/worker";
import { TODAY } from "./fixtures";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

const OTHER_PROVIDER = { ...PROVIDER, sub: "provider-2", name: "生态环境局数据员", source_unit: OTHER_UNIT.code };
const fromOther = { 数据来源单位: OTHER_UNIT.name, 数据来源单位统一社会信用代码: OTHER_UNIT.code };

describe("who may upload", () => {
  it("the public needs a token, an officer is refused, a provider and an admin may", async () => {
    const csv = penaltyCsv([penaltyRow(1, TODAY)]);
    expect((await upload("penalties", csv, { claims: null })).status).toBe(401);
    expect((await upload("penalties", csv, { claims: OFFICER })).status).toBe(403);
    expect((await upload("penalties", csv, { claims: PROVIDER })).body).toMatchObject({ accepted: 1 });
  });

  it("a provider sending another unit's file is refused as a whole, before anything is written", async () => {
    const before = await tableCounts();
    const batches = (await env.DB.prepare("SELECT count(*) AS n FROM ingest_batches").first<{ n: number }>())!.n;
    const res = await upload("penalties", penaltyCsv([penaltyRow(2, TODAY, fromOther), penaltyRow(3, TODAY)]), { claims: PROVIDER });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "forbidden", details: { sourceUnit: OTHER_UNIT.code, tokenSourceUnit: SOURCE_UNIT.code } });
    expect(await tableCounts()).toEqual(before);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM ingest_batches").first<{ n: number }>())!.n).toBe(batches);
  });

  it("a single row of another unit in a provider's file is rejected; its other rows are stored", async () => {
    const res = await upload("penalties", penaltyCsv([penaltyRow(4, TODAY), penaltyRow(5, TODAY, fromOther)]), { claims: PROVIDER });
    expect(res.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(res.body.rejectedRows).toEqual([{ row: 2, field: "数据来源单位统一社会信用代码", rule: "source_unit", message: expect.stringContaining(OTHER_UNIT.code) }]);
    expect(await recordByDocNo(penaltyRow(5, TODAY).行政处罚决定书文号!)).toBeNull();
  });

  it("a provider cannot overwrite a record another unit provided; an admin can", async () => {
    const theirs = penaltyRow(6, TODAY, fromOther);
    await upload("penalties", penaltyCsv([theirs]), { claims: OTHER_PROVIDER });
    const before = await tableCounts();
    const res = await upload("penalties", penaltyCsv([{ ...theirs, 数据来源单位: SOURCE_UNIT.name, 数据来源单位统一社会信用代码: SOURCE_UNIT.code, "罚款金额（万元）": "9" }]), { claims: PROVIDER });
    expect(res.body).toMatchObject({ accepted: 0, rejected: 1 });
    expect(res.body.rejectedRows[0]).toMatchObject({ rule: "source_unit", message: expect.stringContaining("其他数据来源单位") });
    expect(await tableCounts()).toEqual(before);
    expect(await recordByDocNo(theirs.行政处罚决定书文号!)).toMatchObject({ fine_wan: 2, source_unit_code: OTHER_UNIT.code });
    const byAdmin = await upload("penalties", penaltyCsv([{ ...theirs, "罚款金额（万元）": "9" }]));
    expect(byAdmin.body).toMatchObject({ updated: 1 });
  });

  it("a provider's legacy file without source-unit columns is recorded under the token's unit", async () => {
    const row = penaltyRow(7, TODAY);
    delete row.数据来源单位统一社会信用代码;
    delete row.数据来源单位;
    const header = Object.keys(row);
    const csv = `${header.join(",")}\r\n${header.map((h) => row[h as keyof typeof row]).join(",")}\r\n`;
    const res = await upload("penalties", csv, { claims: PROVIDER, query: { sourceUnitName: SOURCE_UNIT.name } });
    expect(res.body).toMatchObject({ accepted: 1 });
    expect(await recordByDocNo(row.行政处罚决定书文号!)).toMatchObject({ source_unit_code: SOURCE_UNIT.code, source_unit_name: SOURCE_UNIT.name });
  });

  it("a provider reads its own unit's batch reports only", async () => {
    const own = await upload("penalties", penaltyCsv([penaltyRow(8, TODAY)]), { claims: PROVIDER });
    const other = await upload("penalties", penaltyCsv([penaltyRow(9, TODAY, fromOther)]), { claims: OTHER_PROVIDER });
    expect((await report(own.body.batchId, PROVIDER)).status).toBe(200);
    expect((await report(other.body.batchId, PROVIDER)).status).toBe(403);
    expect((await report(other.body.batchId, ADMIN)).status).toBe(200);
    const missing = await report(987654, ADMIN);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: "not_found", message: "没有编号为 987654 的上传批次" });
  });
});

describe("publication classes and windows at their edges", () => {
  /**
   * A penalty whose window (轻微 3, 一般 12, 严重 36 months) ends on `end` — or, on the few days no decision date
   * reaches exactly (month-end clamping), as close as possible on the side it is meant to be.
   */
  function endingRow(n: number, severity: Severity, endsIn: number, overrides: Record<string, string>) {
    const end = addDays(TODAY, endsIn);
    const start = addMonths(addDays(end, 1), -PUBLICATION_PERIOD_MONTHS[severity].max);
    const candidates = Array.from({ length: 11 }, (_, i) => addDays(start, i - 5)).map((d) => ({ d, until: publicationWindow(d, severity).publishUntil }));
    const exact = candidates.find((c) => c.until === end);
    const pick = exact ?? (endsIn >= 0 ? candidates.filter((c) => c.until >= TODAY)[0]! : candidates.filter((c) => c.until < TODAY).at(-1)!);
    return penaltyRow(n, TODAY, { 处罚决定日期: pick.d, 行政处罚决定书文号: `渝中市监处罚〔窗口〕${n}号`, ...overrides });
  }
  const minor = { 处罚类别: "罚款", "罚款金额（万元）": "0.3", 处罚内容: "罚款3000元" };
  const general = { 处罚类别: "罚款", "罚款金额（万元）": "0.31", 处罚内容: "罚款3100元" };
  const serious = { 处罚类别: "罚款", "罚款金额（万元）": "100", 处罚内容: "罚款100万元" };

  it("classes penalties at the amount edges and leaves public view the day after the window ends", async () => {
    const rows = [
      endingRow(21, "minor", 0, minor), endingRow(22, "minor", -1, minor),
      endingRow(23, "general", 0, general), endingRow(24, "general", -1, general),
      endingRow(25, "serious", 0, serious), endingRow(26, "serious", -1, serious),
    ];
    const res = await upload("penalties", penaltyCsv(rows));
    expect(res.body).toMatchObject({ accepted: 6 });
    // 轻微 penalties reach the public only when the deciding authority marks them for publication (issue 11).
    await env.DB.prepare("UPDATE records SET publish_minor = 1 WHERE doc_no IN ('渝中市监处罚〔窗口〕21号', '渝中市监处罚〔窗口〕22号')").run();
    const classes = ["minor", "minor", "general", "general", "serious", "serious"];
    for (const [i, row] of rows.entries()) {
      const record = await recordByDocNo(row.行政处罚决定书文号!);
      expect(record!.severity, row.行政处罚决定书文号).toBe(classes[i]);
      expect(record!.publish_until).toBe(publicationWindow(row.处罚决定日期!, classes[i] as Severity).publishUntil);
      // The last public day is today for the even rows, yesterday for the odd ones (on all but a few calendar days).
      expect(record!.publish_until! >= TODAY).toBe(i % 2 === 0);
      const { body } = await profile(row.统一社会信用代码!, null);
      const shown = body.penalties.some((p) => p.docNo === row.行政处罚决定书文号);
      // Checked at read time: no job has run yet, and the record that ended yesterday is already hidden.
      expect(shown, row.行政处罚决定书文号).toBe(i % 2 === 0);
    }
  });

  it("the daily job marks ended windows with status history and a change-feed row, once", async () => {
    const expired = await recordByDocNo("渝中市监处罚〔窗口〕22号");
    const lastDay = await recordByDocNo("渝中市监处罚〔窗口〕21号");
    const changesBefore = (await tableCounts()).changes;
    await runScheduled({ cron: "10 16 * * *", scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env);
    expect(await recordByDocNo("渝中市监处罚〔窗口〕22号")).toMatchObject({ publication_ended_on: TODAY });
    expect(await recordByDocNo("渝中市监处罚〔窗口〕21号")).toMatchObject({ publication_ended_on: null });
    const history = await env.DB.prepare("SELECT from_status, to_status, actor, reason FROM status_history WHERE entity = 'record' AND entity_id = ?1 ORDER BY id").bind(expired!.id).all();
    expect(history.results.at(-1)).toMatchObject({ from_status: "active", to_status: "publication_ended", actor: "job:publication-expiry", reason: expect.stringContaining(String(expired!.publish_until)) });
    expect((await tableCounts()).changes).toBeGreaterThan(changesBefore);
    const after = await tableCounts();
    await runScheduled({ cron: "10 16 * * *", scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env);
    expect(await tableCounts()).toEqual(after);
    expect(lastDay!.publication_ended_on).toBeNull();
  });

  it("a correction that moves the window into the future reopens publication, with history", async () => {
    const row = endingRow(22, "minor", -1, minor);
    const res = await upload("penalties", penaltyCsv([{ ...row, "罚款金额（万元）": "0.5", 处罚内容: "罚款5000元" }]));
    expect(res.body).toMatchObject({ updated: 1 });
    const record = await recordByDocNo(row.行政处罚决定书文号!);
    expect(record).toMatchObject({ severity: "general", publication_ended_on: null });
    const last = await env.DB.prepare("SELECT from_status, to_status FROM status_history WHERE entity = 'record' AND entity_id = ?1 ORDER BY id DESC LIMIT 1").bind(record!.id).first();
    expect(last).toEqual({ from_status: "publication_ended", to_status: "active" });
    expect((await profile(row.统一社会信用代码!, null)).body.penalties.map((p) => p.docNo)).toContain(row.行政处罚决定书文号);
  });

  it("the same job marks uploads interrupted more than an hour ago as failed", async () => {
    const stale = await env.DB.prepare(
      "INSERT INTO ingest_batches (kind, source_unit_name, source_unit_code, received_at, status) VALUES ('penalties', ?1, ?2, ?3, 'receiving') RETURNING id",
    ).bind(SOURCE_UNIT.name, SOURCE_UNIT.code, new Date(Date.now() - 2 * 3600_000).toISOString()).first<{ id: number }>();
    await runScheduled({ cron: "10 16 * * *", scheduledTime: Date.now(), noRetry() {} } as ScheduledController, env);
    expect((await report(stale!.id)).body).toMatchObject({ status: "failed" });
  });
});

describe("severity rules are configuration", () => {
  const rulesUrl = "http://x/api/v1/ingest/severity-rules";
  const put = async (claims: Record<string, unknown>, body: unknown) =>
    exports.default.fetch(rulesUrl, { method: "PUT", body: JSON.stringify(body), headers: { ...bearer(await token(claims)), "content-type": "application/json" } });

  it("an admin changes them; later uploads use them and their reports say which; providers may only read them", async () => {
    const initial = await (await exports.default.fetch(rulesUrl, { headers: bearer(await token(PROVIDER)) })).json();
    expect(initial).toMatchObject({ source: "default", rules: { seriousFineWan: 100 } });
    expect((await put(PROVIDER, { ...DEFAULT_SEVERITY_RULES, seriousFineWan: 50 })).status).toBe(403);
    const invalid = await put(ADMIN, { ...DEFAULT_SEVERITY_RULES, minorFineWan: 200 });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: "invalid_request", message: expect.stringContaining("轻微罚款上限应小于巨额罚款下限") } });
    const changed = await put(ADMIN, { ...DEFAULT_SEVERITY_RULES, seriousFineWan: 50 });
    expect(await changed.json()).toMatchObject({ source: "settings", updatedBy: "admin-1", rules: { seriousFineWan: 50 } });

    const row = penaltyRow(31, TODAY, { "罚款金额（万元）": "60" });
    const res = await upload("penalties", penaltyCsv([row]));
    expect(await recordByDocNo(row.行政处罚决定书文号!)).toMatchObject({ severity: "serious" });
    expect((await report(res.body.batchId)).body.severityRules).toMatchObject({ seriousFineWan: 50 });
    await put(ADMIN, DEFAULT_SEVERITY_RULES);
  });
});

describe("the quality report", () => {
  it("及时率 counts new records reported within 7 working days (holidays and 调休 included)", async () => {
    /** The latest decision date with exactly `n` working days after it up to today (holidays and 调休 counted). */
    const decided = (n: number) => {
      let date = addDays(TODAY, -1);
      while (workingDaysBetween(date, TODAY) < n) date = addDays(date, -1);
      return date;
    };
    const rows = [7, 7, 8, 30].map((ago, i) => penaltyRow(40 + i, TODAY, { 处罚决定日期: decided(ago) }));
    const res = await upload("penalties", penaltyCsv(rows));
    const { body } = await report(res.body.batchId);
    expect(body.timeliness).toEqual({ workingDays: 7, counted: 4, timely: 2, rate: 0.5, provisional: 0 });
    // Resending is not a late report: unchanged rows are not counted again.
    const again = await report((await upload("penalties", penaltyCsv(rows))).body.batchId);
    expect(again.body.timeliness).toEqual({ workingDays: 7, counted: 0, timely: 0, rate: null, provisional: 0 });
  });

  it("重错码率: wrong codes per row, and a code named twice (in the file or against the database) once", async () => {
    const code = enterpriseCode(50);
    const rows = [
      penaltyRow(50, TODAY),
      penaltyRow(51, TODAY, { 统一社会信用代码: code, 行政相对人名称: "重庆渝新商贸有限公司" }), // same code, another name, same file
      penaltyRow(52, TODAY, { 统一社会信用代码: code, 行政相对人名称: `${companyName(50).replace("有限公司", "")}（有限公司）` }),
      penaltyRow(53, TODAY, { 统一社会信用代码: "91500103MA5U3K9L2X" }),
    ];
    const res = await upload("penalties", penaltyCsv(rows));
    const { body } = await report(res.body.batchId);
    expect(body.codeQuality).toMatchObject({ wrongCodes: 1, duplicateCodes: 1, perMille: 500, duplicates: [{ code, names: [companyName(50), "重庆渝新商贸有限公司"] }] });
  });

  it("pages through every rejection; the answer carries the first 1,000", async () => {
    const bad = Array.from({ length: 1005 }, (_, i) => penaltyRow(1000 + i, TODAY, { 处罚类别: "批评教育" }));
    const res = await upload("penalties", penaltyCsv(bad));
    expect(res.body).toMatchObject({ total: 1005, rejected: 1005, rejectedRowsTruncated: true });
    expect(res.body.rejectedRows).toHaveLength(1000);
    const page6 = await report(res.body.batchId, ADMIN, 6);
    expect(page6.body.rejections).toMatchObject({ page: 6, pageSize: 200, total: 1005 });
    expect(page6.body.rejections.items.map((p) => p.row)).toEqual([1001, 1002, 1003, 1004, 1005]);
    expect(page6.body.rejectedByRule).toEqual({ enum: 1005 });
  });
});
