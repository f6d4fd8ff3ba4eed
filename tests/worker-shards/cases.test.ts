/**
 * Cases over two shards: a repair or objection case lives beside its record, in the subject's shard, so the
 * decision's effect and the case state change in one D1 batch; record ids repeat across shards and the case
 * routes, queue and pages find each case on its own shard. Reclassification names the record by subject + id.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CaseSummary, CaseView, FiledCase } from "../../shared/contract";
import { AUTHORITY, insertPenalty, insertSubject, shardDb, uscc } from "../worker/fixtures";
import { ADMIN, bearer, token } from "../worker/tokens";

const DECIDER = { role: "officer", sub: "officer-yz-scjg", name: "李四", dept: AUTHORITY.code, scenes: ["政府采购", "日常监管"] };
const SHARDS = { SHARD_0: env.SHARD_0!, SHARD_1: env.SHARD_1! } as Record<string, D1Database>;
const code: Record<string, string> = {};
const DOC = { SHARD_0: "渝中市监罚〔2026〕601号", SHARD_1: "渝中市监罚〔2026〕602号" } as Record<string, string>;
let ip = 0;

type Err = { error: { code: string; message: string; details?: { field: string }[] } };
async function call<T>(path: string, init: { body?: unknown; claims?: Record<string, unknown> } = {}): Promise<{ status: number; body: T & Err }> {
  const res = await exports.default.fetch(`http://x${path}`, {
    method: init.body === undefined ? "GET" : "POST",
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    headers: { "content-type": "application/json", "cf-connecting-ip": `198.51.100.${++ip % 250}`, ...(init.claims ? bearer(await token(init.claims)) : {}) },
  });
  return { status: res.status, body: (await res.json()) as T & Err };
}
const scalar = async (db: D1Database, sql: string, ...p: unknown[]) => Object.values((await db.prepare(sql).bind(...p).first<Record<string, unknown>>()) ?? { v: null })[0];
const application = (binding: string) => ({ subjectCode: code[binding], docNo: DOC[binding], applicantName: "王小明", applicantContact: "13812345678", statement: "罚款已缴清，已整改。", commitmentAccepted: true, reason: "罚款金额与决定书不符" });
const filed: Record<string, FiledCase> = {};

beforeAll(async () => {
  for (const binding of ["SHARD_0", "SHARD_1"]) {
    let c = uscc("500103");
    while (shardDb(c) !== SHARDS[binding]) c = uscc("500103");
    code[binding] = c;
    const id = await insertSubject({ code: c, name: `重庆分库案件测试${binding}有限公司` });
    await insertPenalty(id, { docNo: DOC[binding]!, monthsAgo: 5 });
  }
  // The two penalties have the same row id, one in each shard: ids are per database.
  expect(await scalar(SHARDS.SHARD_0!, "SELECT id FROM records WHERE doc_no = ?1", DOC.SHARD_0)).toBe(await scalar(SHARDS.SHARD_1!, "SELECT id FROM records WHERE doc_no = ?1", DOC.SHARD_1));
});

describe("repair and objection cases over shards", () => {
  it("files each case in its subject's shard, and nowhere else", async () => {
    const repair = await call<FiledCase>("/api/v1/repairs", { body: application("SHARD_1") });
    expect(repair.status).toBe(201);
    filed.repair = repair.body;
    const objection = await call<FiledCase>("/api/v1/objections", { body: application("SHARD_0") });
    expect(objection.status).toBe(201);
    filed.objection = objection.body;
    expect(await scalar(SHARDS.SHARD_1!, "SELECT count(*) FROM repair_cases WHERE tracking = ?1", filed.repair.tracking)).toBe(1);
    expect(await scalar(SHARDS.SHARD_0!, "SELECT count(*) FROM repair_cases")).toBe(0);
    expect(await scalar(SHARDS.SHARD_0!, "SELECT count(*) FROM objection_cases WHERE tracking = ?1", filed.objection.tracking)).toBe(1);
    expect(await scalar(env.DB, "SELECT count(*) FROM repair_cases")).toBe(0);
    expect(await scalar(env.DB, "SELECT count(*) FROM objection_cases")).toBe(0);
    // The objection marks its own record 异议处理中, not the record with the same id on the other shard.
    expect(await scalar(SHARDS.SHARD_0!, "SELECT objection_open FROM records WHERE doc_no = ?1", DOC.SHARD_0)).toBe(1);
    expect(await scalar(SHARDS.SHARD_1!, "SELECT objection_open FROM records WHERE doc_no = ?1", DOC.SHARD_1)).toBe(0);
  });

  it("reads each case, its page and the queue across shards", async () => {
    for (const c of [filed.repair!, filed.objection!]) {
      const view = await call<CaseView>(`/api/v1/cases/${c.tracking}?k=${c.accessKey}`);
      expect(view.status).toBe(200);
      expect(view.body.tracking).toBe(c.tracking);
      const page = await exports.default.fetch(`http://x${c.trackingUrl}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(c.tracking);
    }
    const queue = await call<{ items: CaseSummary[] }>("/api/v1/cases", { claims: ADMIN });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i) => i.tracking).sort()).toEqual([filed.repair!.tracking, filed.objection!.tracking].sort());
    expect((await call("/api/v1/cases/XF-20260101-ABCDEF", { claims: ADMIN })).status).toBe(404);
  });

  it("applies a repair's effect on the record's shard with the case state in the same batch", async () => {
    const t = filed.repair!.tracking;
    expect((await call(`/api/v1/repairs/${t}/accept`, { body: {}, claims: DECIDER })).status).toBe(200);
    const decided = await call<CaseView>(`/api/v1/repairs/${t}/decision`, { body: { outcome: "repaired", reason: "已履行罚款义务" }, claims: DECIDER });
    expect(decided.status).toBe(200);
    expect(decided.body.state).toBe("repaired");
    expect(await scalar(SHARDS.SHARD_1!, "SELECT status FROM records WHERE doc_no = ?1", DOC.SHARD_1)).toBe("repaired");
    expect(await scalar(SHARDS.SHARD_1!, "SELECT actor FROM status_history WHERE entity = 'record' AND to_status = 'repaired'")).toBe("officer:officer-yz-scjg");
    // Same id on the other shard: untouched.
    expect(await scalar(SHARDS.SHARD_0!, "SELECT status FROM records WHERE doc_no = ?1", DOC.SHARD_0)).toBe("active");
    expect(await scalar(SHARDS.SHARD_1!, "SELECT count(*) FROM case_events WHERE tracking = ?1", t)).toBe(3);
  });

  it("decides an objection on its shard (更正 keeps the old version there)", async () => {
    const t = filed.objection!.tracking;
    const decided = await call<CaseView>(`/api/v1/objections/${t}/decision`, { body: { outcome: "corrected", reason: "金额有误，予以更正", corrections: { content: "罚款人民币壹万元整" } }, claims: DECIDER });
    expect(decided.status).toBe(200);
    expect(await scalar(SHARDS.SHARD_0!, "SELECT content FROM records WHERE doc_no = ?1", DOC.SHARD_0)).toBe("罚款人民币壹万元整");
    expect(await scalar(SHARDS.SHARD_0!, "SELECT objection_open FROM records WHERE doc_no = ?1", DOC.SHARD_0)).toBe(0);
    expect(await scalar(SHARDS.SHARD_0!, "SELECT count(*) FROM record_versions")).toBe(1);
    expect(await scalar(SHARDS.SHARD_1!, "SELECT count(*) FROM record_versions")).toBe(0);
  });
});

describe("POST /api/v1/records/{id}/classification over shards", () => {
  it("needs the subject's code to know which shard's record the id names, and changes only that one", async () => {
    const id = await scalar(SHARDS.SHARD_0!, "SELECT id FROM records WHERE doc_no = ?1", DOC.SHARD_0);
    const body = { severity: "严重", note: "决定书载明吊销许可证" };
    const without = await call(`/api/v1/records/${id}/classification`, { body, claims: ADMIN });
    expect(without.status).toBe(400);
    expect(without.body.error.details?.[0]?.field).toBe("query.subject");
    const done = await call<{ severity: string; docNo: string }>(`/api/v1/records/${id}/classification?subject=${code.SHARD_0}`, { body, claims: ADMIN });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ severity: "serious", docNo: DOC.SHARD_0 });
    expect(await scalar(SHARDS.SHARD_0!, "SELECT severity FROM records WHERE id = ?1", id)).toBe("serious");
    expect(await scalar(SHARDS.SHARD_1!, "SELECT severity FROM records WHERE id = ?1", id)).not.toBe("serious");
    // An id that exists on the subject's shard but belongs to another subject is not found.
    const other = await call(`/api/v1/records/${id}/classification?subject=${code.SHARD_1}`, { body, claims: ADMIN });
    expect(other.status).toBe(200); // same id on SHARD_1 is SHARD_1's subject's own record
    const wrong = uscc("500103");
    expect((await call(`/api/v1/records/${id}/classification?subject=${wrong}`, { body, claims: ADMIN })).status).toBe(404);
  });
});
