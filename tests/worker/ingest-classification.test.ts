/**
 * Classification at ingest (issue 11): the old “暂扣或者吊销” (legacy code 4) is no longer read as 吊销 but classed 一般
 * and flagged for review, an admin reclassifies a flagged record (POST /api/v1/records/{id}/classification) with who
 * and why kept, and the deciding authority's mark that a 轻微 penalty is published (是否公示) is stored as publish_minor.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { addDays, addMonths } from "../../shared/domain/dates";
import { penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { recordByDocNo, report, tableCounts, upload } from "../fixtures/ingest/worker";
import { TODAY } from "./fixtures";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

async function classify(id: unknown, body: unknown, claims: Record<string, unknown> = ADMIN) {
  const res = await exports.default.fetch(`http://x/api/v1/records/${id}/classification`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", ...bearer(await token(claims)) },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const ambiguous = (n: number, o = {}) => penaltyRow(n, TODAY, { 处罚类别: "暂扣或者吊销许可证", "罚款金额（万元）": "", 暂扣或吊销证照名称及编号: "食品经营许可证 JY15001030012345", 处罚内容: "暂扣或者吊销食品经营许可证", ...o }, 20);

describe("暂扣或者吊销", () => {
  it("is classed 一般, flagged needs_review and counted in the quality report by rule", async () => {
    const res = await upload("penalties", penaltyCsv([ambiguous(401), penaltyRow(402, TODAY, { 处罚类别: "吊销许可证件", "罚款金额（万元）": "", 暂扣或吊销证照名称及编号: "食品经营许可证 JY15001030012346" })]));
    expect(res.body).toMatchObject({ accepted: 2 });
    const decidedOn = addDays(TODAY, -20);
    expect(await recordByDocNo(ambiguous(401).行政处罚决定书文号!)).toMatchObject({
      kinds: "暂扣或者吊销许可证件", severity: "general", needs_review: 1, publish_until: addDays(addMonths(decidedOn, 12), -1),
    });
    // An unambiguous 吊销 stays 严重 and is not flagged.
    expect(await recordByDocNo(penaltyRow(402, TODAY).行政处罚决定书文号!)).toMatchObject({ severity: "serious", needs_review: 0 });
    expect((await report(res.body.batchId)).body.needsReview).toEqual({ kind_ambiguous: 1 });
  });

  it("an admin reclassifies it: window recomputed, history and change feed say who and why, the flag is cleared", async () => {
    const row = ambiguous(403);
    await upload("penalties", penaltyCsv([row]));
    const stored = (await recordByDocNo(row.行政处罚决定书文号!))!;
    const changes = (await env.DB.prepare("SELECT count(*) AS n FROM changes WHERE entity = 'record' AND entity_id = ?1").bind(stored.id).first<{ n: number }>())!.n;
    const res = await classify(stored.id, { severity: "严重", note: "决定书载明吊销食品经营许可证" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const decidedOn = stored.decided_on as string;
    expect(res.body).toMatchObject({
      id: stored.id, severity: "serious", severityLabel: "严重", previousSeverity: "general", needsReview: false, reviewedBy: ADMIN.sub, version: 2,
      publishUntil: addDays(addMonths(decidedOn, 36), -1), repairableFrom: addMonths(decidedOn, 12),
    });
    expect(await recordByDocNo(row.行政处罚决定书文号!)).toMatchObject({
      severity: "serious", needs_review: 0, severity_reviewed_by: ADMIN.sub, publish_until: res.body.publishUntil, repairable_from: res.body.repairableFrom, version: 2,
    });
    const history = await env.DB.prepare("SELECT actor, reason FROM status_history WHERE entity = 'record' AND entity_id = ?1 AND actor = ?2").bind(stored.id, ADMIN.sub).first();
    expect(history).toEqual({ actor: ADMIN.sub, reason: "处罚类别复核：一般 → 严重（决定书载明吊销食品经营许可证）" });
    const versions = await env.DB.prepare("SELECT version, snapshot FROM record_versions WHERE record_id = ?1").bind(stored.id).all<{ version: number; snapshot: string }>();
    expect(versions.results.map((v) => ({ version: v.version, severity: JSON.parse(v.snapshot).severity, needs_review: JSON.parse(v.snapshot).needs_review }))).toEqual([
      { version: 1, severity: "general", needs_review: 1 },
    ]);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM changes WHERE entity = 'record' AND entity_id = ?1").bind(stored.id).first<{ n: number }>())!.n).toBe(changes + 1);

    // The same ambiguous file sent again keeps the reviewed class and changes nothing at all.
    const before = await tableCounts();
    const again = await upload("penalties", penaltyCsv([row]));
    expect(again.body).toMatchObject({ accepted: 1, unchanged: 1, updated: 0 });
    expect(await tableCounts()).toEqual(before);
    expect(await recordByDocNo(row.行政处罚决定书文号!)).toMatchObject({ severity: "serious", needs_review: 0 });
    // A correction that names the kind plainly classes it anew.
    const plain = await upload("penalties", penaltyCsv([{ ...row, 处罚类别: "暂扣许可证件" }]));
    expect(plain.body).toMatchObject({ updated: 1 });
    expect(await recordByDocNo(row.行政处罚决定书文号!)).toMatchObject({ kinds: "暂扣许可证件", severity: "general", needs_review: 0 });
  });

  it("only admins reclassify; bad input names the field; other records are refused", async () => {
    const row = ambiguous(404);
    await upload("penalties", penaltyCsv([row]));
    const id = (await recordByDocNo(row.行政处罚决定书文号!))!.id;
    expect((await classify(id, { severity: "严重", note: "依据决定书" }, OFFICER)).status).toBe(403);
    expect((await classify(id, { severity: "严重", note: "依据决定书" }, PROVIDER)).status).toBe(403);
    const bad = await classify(id, { severity: "serious", note: "依据决定书" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain("severity");
    const noNote = await classify(id, { severity: "一般" });
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(noNote.body.error)).toContain("note");
    expect((await classify(999_999_999, { severity: "一般", note: "依据决定书" })).status).toBe(404);
    await env.DB.prepare(
      `INSERT INTO records (subject_id, category, doc_no, authority_name, authority_code, decided_on) SELECT subject_id, 'licence', 'LICENCE-404', authority_name, authority_code, decided_on FROM records WHERE id = ?1`,
    )
      .bind(id)
      .run();
    const licence = await classify((await recordByDocNo("LICENCE-404"))!.id, { severity: "一般", note: "依据决定书" });
    expect(licence.status).toBe(400);
    expect(licence.body.error).toMatchObject({ code: "invalid_request", details: { field: "id" } });
    expect(await recordByDocNo(row.行政处罚决定书文号!)).toMatchObject({ needs_review: 1, version: 1 });
  });
});

describe("是否公示 (轻微 penalties marked for publication)", () => {
  it("is stored as publish_minor 1/0, absent means 0, and a value other than 是/否/1/0 is refused", async () => {
    const minor = (n: number) => penaltyRow(n, TODAY, { 处罚类别: "警告", 处罚内容: "警告", "罚款金额（万元）": "" }) as Record<string, string>;
    const header = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码", "是否公示"];
    const rows: Record<string, string>[] = [{ ...minor(411), 是否公示: "是" }, { ...minor(412), 是否公示: "否" }, { ...minor(413), 是否公示: "1" }, { ...minor(414) }, { ...minor(415), 是否公示: "待定" }];
    const csv = [header.join(","), ...rows.map((r) => header.map((h) => r[h] ?? "").join(","))].join("\r\n");
    const res = await upload("penalties", csv);
    expect(res.body).toMatchObject({ accepted: 4, rejected: 1 });
    expect(res.body.rejectedRows).toEqual([{ row: 5, field: "是否公示", rule: "enum", message: expect.stringContaining("是 或 否") }]);
    const marks = await Promise.all([411, 412, 413, 414].map(async (n) => (await recordByDocNo(minor(n).行政处罚决定书文号!))!.publish_minor));
    expect(marks).toEqual([1, 0, 1, 0]);
    expect(await recordByDocNo(minor(411).行政处罚决定书文号!)).toMatchObject({ severity: "minor" });
    // The mark is part of the record: changing it is a correction (a new version), sending it again is not.
    const marked: Record<string, string> = { ...minor(412), 是否公示: "是" };
    const corrected = await upload("penalties", [header.join(","), header.map((h) => marked[h] ?? "").join(",")].join("\r\n"));
    expect(corrected.body).toMatchObject({ updated: 1 });
    expect((await recordByDocNo(minor(412).行政处罚决定书文号!))!.publish_minor).toBe(1);
  });
});
