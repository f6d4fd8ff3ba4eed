/**
 * The security review of 2026-12-02 (issue 11), finding by finding: each reproduction of the reviewer's throwaway
 * test, turned into assertions against the real worker and the real local D1. Every test here failed before its fix.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { validateUscc } from "../../shared/identifiers";
import { penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { upload } from "../fixtures/ingest/worker";
import { TODAY, insertPenalty, insertSubject } from "./fixtures";
import { ADMIN, OFFICER, bearer, token } from "./tokens";

const call = (path: string, headers: Record<string, string>, init: { method?: string; body?: unknown } = {}) =>
  exports.default.fetch(`http://x${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { ...headers, "content-type": "application/json" },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

let officer: Record<string, string>;
let admin: Record<string, string>;
beforeAll(async () => {
  officer = bearer(await token(OFFICER));
  admin = bearer(await token(ADMIN));
});

/** A valid GB 11643 number (Beijing, 1950-03-01) that is also a strictly valid USCC (department 1, category 1). */
const ID_STRICT = "110105195003015554";
/** Valid ID numbers that fail only the USCC position-18 check: accepted as legacy pilot codes before the fix. */
const ID_LEGACY = "110105198001011094";
const ID_LEGACY_2 = "110105197001011014";

describe("C1 a valid ID number is never a USCC", () => {
  it("the identifier rule: validateUscc refuses a valid ID number, even authoritative", () => {
    expect(validateUscc(ID_STRICT).valid).toBe(false);
    expect(validateUscc(ID_LEGACY, { authoritative: true }).valid).toBe(false);
    expect(validateUscc(ID_LEGACY_2, { authoritative: true }).valid).toBe(false);
  });

  it("an individual business keyed by its operator's ID number is stored as a person and never published in full", async () => {
    const row = penaltyRow(7, TODAY, { 行政相对人名称: "张三（个体工商户）", 行政相对人类别: "个体工商户", 统一社会信用代码: ID_STRICT, 行政处罚决定书文号: "C1-1" });
    const up = await upload("penalties", penaltyCsv([row]));
    expect(up.status).toBeLessThan(300);
    const stored = await env.DB.prepare("SELECT code_type, kind FROM subjects WHERE code = ?1").bind(ID_STRICT).first();
    expect(stored).toEqual({ code_type: "id_number", kind: "individual_business" });
    for (const path of ["/api/v1/search?q=110105", `/api/v1/subjects/${ID_STRICT}`, `/s/${ID_STRICT}`]) {
      const text = await (await call(path, {})).text();
      expect(text, path).not.toContain(ID_STRICT);
    }
    const profile = (await (await call("/api/v1/subjects/lookup", {}, { body: { code: ID_STRICT } })).json()) as { codeType: string; code: string };
    expect(profile.codeType).toBe("id_number");
    expect(profile.code).toBe("1101051950****5554");
  });

  it("a legacy-accepted ID number without a category is a natural person, not a legacy pilot code", async () => {
    const id = ID_LEGACY;
    const row = penaltyRow(8, TODAY, { 行政相对人名称: "李四", 行政相对人类别: "", 统一社会信用代码: id, 行政处罚决定书文号: "C1-2" });
    expect((await upload("penalties", penaltyCsv([row]))).status).toBeLessThan(300);
    const stored = await env.DB.prepare("SELECT code_type, kind, checksum_legacy FROM subjects WHERE code = ?1").bind(id).first();
    expect(stored).toEqual({ code_type: "id_number", kind: "natural_person", checksum_legacy: 0 });
    expect(await (await call(`/api/v1/subjects/${id}`, {})).text()).not.toContain(id);
    expect(await (await call("/api/v1/search?q=110105", {})).text()).not.toContain(id);
  });

  it("an organisation row keyed by an ID number is refused, the number masked in the message", async () => {
    const row = penaltyRow(9, TODAY, { 行政相对人类别: "法人及非法人组织", 统一社会信用代码: ID_STRICT, 行政处罚决定书文号: "C1-3" });
    const up = await upload("penalties", penaltyCsv([row]));
    const text = JSON.stringify(up.body);
    expect(text).toContain("是公民身份号码，不是统一社会信用代码");
    expect(text).not.toContain(ID_STRICT);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM records WHERE doc_no = 'C1-3'").first("n")).toBe(0);
  });

  it("migration 0011 re-types subjects already stored as organisations under an ID number", async () => {
    const strict = "110105195005259624";
    const a = await insertSubject({ code: strict, name: "王五", codeType: "uscc", kind: "public_institution" });
    const b = await insertSubject({ code: ID_LEGACY_2, name: "周九", codeType: "uscc", kind: "individual_business", legacy: true });
    const org = await insertSubject({ code: "91350100M000100Y43", name: "某某公司", codeType: "uscc" });
    await insertPenalty(a, { docNo: "C1-m", monthsAgo: 1 });
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0011"));
    expect(migration).toBeDefined();
    await env.DB.batch(migration!.queries.map((q) => env.DB.prepare(q)));
    const rows = (await env.DB.prepare("SELECT id, code_type, kind, region_code, checksum_legacy FROM subjects WHERE id IN (?1, ?2, ?3) ORDER BY id").bind(a, b, org).all()).results;
    expect(rows).toEqual([
      { id: a, code_type: "id_number", kind: "natural_person", region_code: "110105", checksum_legacy: 0 },
      { id: b, code_type: "id_number", kind: "individual_business", region_code: "110105", checksum_legacy: 0 },
      { id: org, code_type: "uscc", kind: "enterprise", region_code: "500103", checksum_legacy: 0 },
    ]);
    expect(await (await call(`/api/v1/subjects/${strict}`, {})).text()).not.toContain(strict);
  });
});
