/**
 * The measures catalogue (migrations/0002) and its admin API: every measure has a basis and an effect that
 * suits its list and scene; admins edit it, the next check uses the edit, and who edited is recorded.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult, Measure, MeasureList } from "../../shared/contract";
import { measureEffectProblem } from "../../shared/domain/decisions";
import { LIST_TYPES, type ListType } from "../../shared/domain/lists";
import { SCENES, type Scene } from "../../shared/domain/scenes";
import { insertListEntry, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

const ABNORMAL = uscc("500103");

type Reply = { status: number; body: Measure & MeasureList & { error: { code: string; message: string; details?: { field: string; message: string }[] } } };

async function call(method: string, path: string, claims: Record<string, unknown> | null, body?: unknown): Promise<Reply> {
  const headers: Record<string, string> = { ...(claims ? bearer(await token(claims)) : {}), ...(body === undefined ? {} : { "content-type": "application/json" }) };
  const res = await exports.default.fetch(`http://x${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Reply["body"] };
}

async function checkAbnormal(): Promise<CheckResult["items"][number]> {
  const res = await exports.default.fetch("http://x/api/v1/checks", {
    method: "POST",
    headers: { "content-type": "application/json", ...bearer(await token(OFFICER)) },
    body: JSON.stringify({ scene: "政府采购", purpose: "CQZC-2026-0381", items: [{ ref: "1", code: ABNORMAL }] }),
  });
  return ((await res.json()) as CheckResult).items[0]!;
}

beforeAll(async () => {
  const id = await insertSubject({ code: ABNORMAL, name: "重庆未年报商贸有限公司" });
  await insertListEntry(id, { listType: "abnormal_operation", docNo: "渝中市监异〔2026〕21号", reason: "未按照规定的期限公示年度报告" });
});

describe("the seeded catalogue", () => {
  it("covers every list in every scene where it has an effect, each with text and a legal basis", async () => {
    const { results } = await env.DB.prepare("SELECT list_type, scene, effect, text, legal_basis, active, updated_by FROM measures").all<{
      list_type: ListType; scene: Scene; effect: "block" | "review" | "flag" | "benefit"; text: string; legal_basis: string; active: number; updated_by: string;
    }>();
    expect(results.length).toBe(53);
    const pairs = new Set(results.map((m) => `${m.list_type}/${m.scene}`));
    for (const scene of SCENES) {
      for (const listType of LIST_TYPES) {
        const hasMeasure = pairs.has(`${listType}/${scene}`);
        // Without a measure: the red list and the non-public key-supervision list in 公共查询, and the
        // procurement record in 行政审批 (it restricts procurement, not approvals).
        const expectedWithout = (scene === "public_query" && (listType === "red_list" || listType === "key_supervision")) || (scene === "approval" && listType === "procurement_violation");
        expect(hasMeasure, `${listType} in ${scene}`).toBe(!expectedWithout);
      }
    }
    for (const m of results) {
      expect(measureEffectProblem(m.list_type, m.scene, m.effect), `${m.list_type}/${m.scene}`).toBeNull();
      expect(m.text.length).toBeGreaterThan(5);
      expect(m.legal_basis).toMatch(/《.+》|〔\d{4}〕\d+号/);
      expect(m).toMatchObject({ active: 1, updated_by: "migration:0002" });
    }
    expect(results.filter((m) => m.scene === "public_query").every((m) => m.effect === "flag")).toBe(true);
  });
});

describe("GET /api/v1/measures", () => {
  it("lists the catalogue for officers and admins, filtered by scene (Chinese or key) and list", async () => {
    const all = await call("GET", "/api/v1/measures", OFFICER);
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(53);
    const procurement = await call("GET", `/api/v1/measures?scene=${encodeURIComponent("政府采购")}`, ADMIN);
    expect(procurement.body.items).toHaveLength(7);
    expect(procurement.body.items.every((m) => m.scene === "procurement" && m.sceneLabel === "政府采购")).toBe(true);
    const red = await call("GET", "/api/v1/measures?scene=approval&listType=red_list", OFFICER);
    expect(red.body.items).toEqual([expect.objectContaining({ effect: "benefit", effectLabel: "守信激励", listName: "红名单（守信激励对象）" })]);
    expect((await call("GET", "/api/v1/measures?scene=moon", OFFICER)).status).toBe(400);
  });

  it("is closed to the public (401) and to data providers (403)", async () => {
    expect((await call("GET", "/api/v1/measures", null)).status).toBe(401);
    expect((await call("GET", "/api/v1/measures", PROVIDER)).status).toBe(403);
  });
});

describe("editing measures", () => {
  it("an admin's edit decides the next check, and the editor is recorded", async () => {
    expect(await checkAbnormal()).toMatchObject({ decision: "review" });
    const [measure] = (await call("GET", "/api/v1/measures?scene=procurement&listType=abnormal_operation", ADMIN)).body.items;
    const edit = { listType: "abnormal_operation", scene: "政府采购", effect: "block", text: "拒绝其参加政府采购活动（经营异常，本市补充措施）", legalBasis: "《企业信息公示暂行条例》第十八条；《重庆市社会信用条例》", active: true };
    const put = await call("PUT", `/api/v1/measures/${measure!.id}`, ADMIN, edit);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: measure!.id, effect: "block", scene: "procurement", updatedBy: "admin-1" });
    expect(await checkAbnormal()).toMatchObject({ decision: "block", measures: [{ id: measure!.id, text: edit.text }] });

    // Deactivated: the hit is still shown, it decides nothing.
    await call("PUT", `/api/v1/measures/${measure!.id}`, ADMIN, { ...edit, active: false });
    expect(await checkAbnormal()).toMatchObject({ decision: "pass", measures: [], hits: [{ listType: "abnormal_operation" }] });
  });

  it("an admin adds a measure; it applies at once", async () => {
    const created = await call("POST", "/api/v1/measures", ADMIN, {
      listType: "abnormal_operation",
      scene: "procurement",
      effect: "review",
      text: "要求供应商书面说明未公示年度报告的原因",
      legalBasis: "《企业信息公示暂行条例》第十八条",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ active: true, updatedBy: "admin-1", effectLabel: "需复核" });
    expect((await checkAbnormal()).measures.map((m) => m.id)).toContain(created.body.id);
    const again = await call("POST", "/api/v1/measures", ADMIN, { listType: "abnormal_operation", scene: "procurement", effect: "review", text: "要求供应商书面说明未公示年度报告的原因", legalBasis: "《企业信息公示暂行条例》第十八条" });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toContain("已有内容相同的措施");
  });

  it("refuses effects that do not suit the list or the scene, and measures without a basis", async () => {
    const base = { listType: "serious_dishonesty", scene: "procurement", effect: "block", text: "拒绝其参加政府采购活动", legalBasis: "《中华人民共和国政府采购法》第二十二条" };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, listType: "red_list" }, "守信激励名单"],
      [{ ...base, effect: "benefit" }, "失信类名单"],
      [{ ...base, scene: "公共查询" }, "公共查询"],
      [{ ...base, legalBasis: "" }, "依据"],
      [{ ...base, scene: "月球" }, "未知场景"],
      [{ ...base, effect: "ban" }, ""],
    ];
    for (const [body, message] of cases) {
      const res = await call("POST", "/api/v1/measures", ADMIN, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toContain(message);
    }
  });

  it("only admins write: officers 403, the public 401; unknown ids 404", async () => {
    const body = { listType: "serious_dishonesty", scene: "procurement", effect: "block", text: "拒绝其参加政府采购活动（重复测试）", legalBasis: "《中华人民共和国政府采购法》第二十二条" };
    expect((await call("POST", "/api/v1/measures", OFFICER, body)).status).toBe(403);
    expect((await call("POST", "/api/v1/measures", null, body)).status).toBe(401);
    expect((await call("PUT", "/api/v1/measures/1", OFFICER, body)).status).toBe(403);
    const missing = await call("PUT", "/api/v1/measures/999999", ADMIN, body);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("999999");
  });
});
