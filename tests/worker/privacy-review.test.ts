/**
 * The security review of 2026-12-02 (issue 11), finding by finding: each reproduction of the reviewer's throwaway
 * test, turned into assertions against the real worker and the real local D1. Every test here failed before its fix.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { maskIdNumbersInText, validateUscc } from "../../shared/identifiers";
import { fanOut } from "../../worker/alerts/fanout";
import { correctionColumns } from "../../worker/objections/service";
import { addDays, addMonths } from "../../shared/domain/dates";
import { penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { upload } from "../fixtures/ingest/worker";
import { AUTHORITY, TODAY, insertListEntry, insertPenalty, insertSubject, uscc } from "./fixtures";
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
    const strict = "110105196006012644"; // valid ID number, strictly valid USCC before the fix
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

const formFind = (path: "/objection" | "/repair", subjectCode: string, docNo: string) =>
  exports.default.fetch(`http://x${path}`, {
    method: "POST",
    body: new URLSearchParams({ step: "find", subjectCode, docNo }),
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://x" },
  });

describe("H2 the repair and objection forms and APIs reach only what the public sees", () => {
  const pid = "440524198001010013";
  const unknownHtml: Record<string, string> = {};
  const unknownApi: Record<string, string> = {};
  const filing = (path: string, docNo: string) => {
    const base = { subjectCode: pid, docNo, applicantName: "某某", applicantContact: "13812345678" };
    return call(path, {}, { body: path.endsWith("objections") ? { ...base, reason: "信息有误请核实处理" } : { ...base, statement: "已整改完毕，特申请信用修复。", commitmentAccepted: true } });
  };
  beforeAll(async () => {
    const sid = await insertSubject({ code: pid, name: "钱七", codeType: "id_number", kind: "natural_person" });
    // A 轻微 penalty the authority did not mark for publication, an inspection record, an enforcement record, and a
    // 重点监管对象 entry: none of them is public.
    await env.DB.prepare(
      `INSERT INTO records (subject_id, category, doc_no, title, kinds, authority_name, authority_code, decided_on, severity, publish_until, status, publish_minor)
       VALUES (?1, 'penalty', 'H2-minor', '未按规定亮证经营', '警告', ?2, ?3, ?4, 'minor', ?5, 'active', 0)`,
    ).bind(sid, AUTHORITY.name, AUTHORITY.code, addDays(TODAY, -10), addMonths(TODAY, 2)).run();
    for (const [category, doc] of [["inspection", "H2-insp"], ["enforcement", "H2-enf"]] as const) {
      await env.DB.prepare(
        `INSERT INTO records (subject_id, category, doc_no, title, authority_name, authority_code, decided_on, status)
         VALUES (?1, ?2, ?3, '双随机抽查：发现问题', ?4, ?5, ?6, 'active')`,
      ).bind(sid, category, doc, AUTHORITY.name, AUTHORITY.code, addDays(TODAY, -10)).run();
    }
    await insertListEntry(sid, { listType: "key_supervision", docNo: "H2-key" });
    for (const path of ["/objection", "/repair"]) unknownHtml[path] = (await (await formFind(path as "/repair", pid, "H2-nonexistent")).text()).replaceAll("H2-nonexistent", "DOC");
    for (const path of ["/api/v1/objections", "/api/v1/repairs"]) {
      const api = await filing(path, "H2-nonexistent");
      expect(api.status).toBe(404);
      unknownApi[path] = (await api.text()).replaceAll("H2-nonexistent", "DOC");
    }
  });

  for (const doc of ["H2-minor", "H2-insp", "H2-enf", "H2-key"]) {
    it(`${doc}: the forms answer as for an unknown document and never show the name`, async () => {
      for (const path of ["/objection", "/repair"] as const) {
        const html = await (await formFind(path, pid, doc)).text();
        expect(html, path).not.toContain("钱七");
        expect(html.replaceAll(doc, "DOC"), path).toBe(unknownHtml[path]);
      }
    });
    it(`${doc}: POST /api/v1/objections and /api/v1/repairs answer the same 404 as for an unknown document`, async () => {
      for (const path of ["/api/v1/objections", "/api/v1/repairs"]) {
        const res = await filing(path, doc);
        expect(res.status, path).toBe(404);
        expect((await res.text()).replaceAll(doc, "DOC"), path).toBe(unknownApi[path]);
      }
    });
  }
});

describe("H1 watching a person never writes their full ID number into the query log", () => {
  it("POST /api/v1/watchlist logs the masked reference, as every other route does", async () => {
    const pid = "11010519491231002X";
    await insertSubject({ code: pid, name: "赵六", codeType: "id_number", kind: "natural_person" });
    const res = await call("/api/v1/watchlist", officer, { body: { code: pid, reason: "CQZC-2026-1", until: addDays(TODAY, 30), scene: "政府采购" } });
    expect(res.status).toBeLessThan(300);
    const logged = (await env.DB.prepare("SELECT subject_code FROM query_log_subjects").all<{ subject_code: string }>()).results.map((r) => r.subject_code);
    expect(logged).toContain("1101051949****002X");
    expect(logged).not.toContain(pid);
    const audit = await (await call(`/api/v1/audit?subject=${pid}`, admin)).text();
    expect(audit).not.toContain(pid);
  });
});

describe("H3 信用承诺公示 hides repaired breaches and is no existence oracle for persons", () => {
  const approver = { ...OFFICER, sub: "officer-approval", scenes: ["行政审批"] };
  it("a person whose only information is a (breached) commitment answers like an unknown number", async () => {
    const pid = "110105198001011238";
    await insertSubject({ code: pid, name: "孙八", codeType: "id_number", kind: "natural_person" });
    const unknown = await call("/api/v1/subjects/110105198001011289/commitments", {});
    expect(unknown.status).toBe(404);
    const unknownBody = await unknown.text();
    const headers = bearer(await token(approver));
    const reg = await call("/api/v1/commitments", headers, { body: { code: pid, type: "涉企经营许可事项告知承诺", matter: "承诺具备经营场所", madeOn: TODAY, verifyBy: addDays(TODAY, 30), ref: "H3-1" } });
    expect(reg.status).toBe(201);
    const { id } = (await reg.json()) as { id: number };
    expect((await call(`/api/v1/commitments/${id}/verification`, headers, { body: { result: "不属实", note: "现场核查不符" } })).status).toBe(200);
    // A person whose only information is a commitment (the 虚假承诺 entry is on a list not published by law).
    const person = await call(`/api/v1/subjects/${pid}/commitments`, {});
    expect(person.status).toBe(404);
    expect(await person.text()).toBe(unknownBody);
  });

  it("a breach is public while its 虚假承诺 entry is in force, and not once the entry is repaired or deleted", async () => {
    const headers = bearer(await token(approver));
    const org = uscc();
    await insertSubject({ code: org, name: "某某商贸有限公司" });
    const reg2 = await call("/api/v1/commitments", headers, { body: { code: org, type: "涉企经营许可事项告知承诺", matter: "承诺具备经营场所", madeOn: TODAY, verifyBy: addDays(TODAY, 30), ref: "H3-2" } });
    const c2 = (await reg2.json()) as { id: number };
    await call(`/api/v1/commitments/${c2.id}/verification`, headers, { body: { result: "不属实", note: "现场核查不符" } });
    const before = (await (await call(`/api/v1/subjects/${org}/commitments`, {})).json()) as { items: { ref: string; status: string }[] };
    expect(before.items.find((i) => i.ref === "H3-2")?.status).toBe("breached");
    for (const status of ["repaired", "deleted_by_objection"]) {
      await env.DB.prepare("UPDATE list_entries SET status = ?1 WHERE doc_no = 'H3-2'").bind(status).run();
      const after = (await (await call(`/api/v1/subjects/${org}/commitments`, {})).json()) as { items: { ref: string; status: string }[] };
      expect(after.items.filter((i) => i.status === "breached"), status).toEqual([]);
    }
  });

  it("a person with information public and in force keeps their commitments public", async () => {
    const pid = "110105198001011262";
    const sid = await insertSubject({ code: pid, name: "吴十", codeType: "id_number", kind: "natural_person" });
    await insertPenalty(sid, { docNo: "H3-p", monthsAgo: 1 });
    const reg = await call("/api/v1/commitments", bearer(await token(approver)), { body: { code: pid, type: "涉企经营许可事项告知承诺", matter: "承诺具备经营场所", madeOn: TODAY, verifyBy: addDays(TODAY, 30), ref: "H3-3" } });
    expect(reg.status).toBe(201);
    const res = await call(`/api/v1/subjects/${pid}/commitments`, {});
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("H3-3");
    expect(text).not.toContain(pid);
  });
});

describe("M1 registering a commitment is a logged read in the 行政审批 scene", () => {
  const body = (code: string, ref: string) => ({ code, type: "涉企经营许可事项告知承诺", matter: "承诺具备经营场所", madeOn: TODAY, verifyBy: addDays(TODAY, 30), ref });

  it("an officer without the 行政审批 scene is refused, and nothing is registered", async () => {
    const judge = bearer(await token({ ...OFFICER, sub: "officer-judge", scenes: ["评先评优"] }));
    const org = uscc();
    await insertSubject({ code: org, name: "某某评优公司" });
    const res = await call("/api/v1/commitments", judge, { body: body(org, "M1-1") });
    expect(res.status).toBe(403);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM commitments WHERE doc_no = 'M1-1'").first("n")).toBe(0);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM watch_entries WHERE watcher = 'officer-judge'").first("n")).toBe(0);
  });

  it("a registration is written to the query log (masked reference) and its watch carries the scene", async () => {
    const clerk = bearer(await token({ ...OFFICER, sub: "officer-clerk", scenes: ["行政审批"] }));
    const pid = "110105198001011297";
    const sid = await insertSubject({ code: pid, name: "郑十一", codeType: "id_number", kind: "natural_person" });
    await insertPenalty(sid, { docNo: "M1-p", monthsAgo: 1 });
    const res = await call("/api/v1/commitments", clerk, { body: body(pid, "M1-2") });
    expect(res.status).toBe(201);
    const logs = (await env.DB.prepare("SELECT q.route, q.scene, q.purpose, s.subject_code FROM query_log q JOIN query_log_subjects s ON s.log_id = q.id WHERE q.actor = 'officer-clerk'").all()).results;
    expect(logs).toEqual([{ route: "POST /api/v1/commitments", scene: "approval", purpose: "M1-2", subject_code: "1101051980****1297" }]);
    expect(await env.DB.prepare("SELECT scene FROM watch_entries WHERE watcher = 'officer-clerk'").first("scene")).toBe("approval");
  });
});

describe("M2 ID numbers that are also valid USCCs are no existence oracle, and ID-shaped codes are never echoed", () => {
  it("a known person with nothing public and an unknown number answer the same 404, without the number", async () => {
    const known = "110105195005259624"; // valid ID number and strictly valid USCC
    const unknown = "110105195007168144"; // the same, held by nobody
    const id = await insertSubject({ code: known, name: "王五", codeType: "id_number", kind: "natural_person" });
    await insertPenalty(id, { docNo: "M2-old", monthsAgo: 60 }); // long out of its publication window
    for (const path of ["/api/v1/subjects/", "/api/v1/subjects/{}/commitments"]) {
      const url = (code: string) => (path.includes("{}") ? path.replace("{}", code) : path + code);
      const a = await call(url(known), {});
      const b = await call(url(unknown), {});
      expect([a.status, b.status], path).toEqual([404, 404]);
      const [ta, tb] = [await a.text(), await b.text()];
      expect(ta, path).toBe(tb);
      expect(tb, path).not.toContain(unknown);
    }
  });

  it("an 18-digit code that is a valid USCC but not a valid ID number is not echoed when not found", async () => {
    const code = "110105195013740005"; // birth month 13: not an ID number, yet a valid USCC
    for (const path of [`/api/v1/subjects/${code}`, `/api/v1/subjects/${code}/commitments`]) {
      const res = await call(path, {});
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain(code);
    }
  });
});

describe("M4 alerts pass the public guard, and officers' free text is masked when written", () => {
  const ID = "11010519491231002X";
  it("an alert about a record whose title holds an ID number shows it masked", async () => {
    const clerk = bearer(await token({ ...OFFICER, sub: "officer-m4" }));
    const org = uscc();
    const sid = await insertSubject({ code: org, name: "某某建筑公司" });
    const watch = await call("/api/v1/watchlist", clerk, { body: { code: org, reason: "CQZC-2026-M4", until: addDays(TODAY, 30), scene: "政府采购" } });
    expect(watch.status).toBeLessThan(300);
    // A row that reached the database without the ingest path's masking (an older row, a correction).
    await env.DB.prepare(
      `INSERT INTO records (subject_id, category, doc_no, title, kinds, authority_name, authority_code, decided_on, severity, publish_until, status)
       VALUES (?1, 'penalty', 'M4-1', ?2, '罚款', ?3, ?4, ?5, 'general', ?6, 'active')`,
    ).bind(sid, `转包给张某（身份证号${ID}）`, AUTHORITY.name, AUTHORITY.code, addDays(TODAY, -1), addMonths(TODAY, 12)).run();
    await fanOut(env.DB, env, { now: new Date(), today: TODAY });
    const text = await (await call("/api/v1/alerts", clerk)).text();
    expect(text).toContain("M4-1");
    expect(text).toContain("1101051949****002X");
    expect(text).not.toContain(ID);
  });

  it("POST /api/v1/commitments stores matter and ref masked; a verification note is stored masked", async () => {
    const headers = bearer(await token({ ...OFFICER, sub: "officer-m4b", scenes: ["行政审批"] }));
    const org = uscc();
    await insertSubject({ code: org, name: "某某餐饮公司" });
    const res = await call("/api/v1/commitments", headers, { body: { code: org, type: "涉企经营许可事项告知承诺", matter: `经营者张某（${ID}）承诺具备经营场所`, madeOn: TODAY, verifyBy: addDays(TODAY, 30), ref: `M4-${ID}` } });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    await call(`/api/v1/commitments/${id}/verification`, headers, { body: { result: "不属实", note: `核查人员约谈张某（${ID}）` } });
    const row = await env.DB.prepare("SELECT matter, doc_no, verification_note FROM commitments WHERE id = ?1").bind(id).first<Record<string, string>>();
    expect(JSON.stringify(row)).not.toContain(ID);
    expect(row!.matter).toContain("1101051949****002X");
  });

  it("objection corrections are masked before they are written", () => {
    const columns = correctionColumns("record", { title: `转包给张某（${ID}）`, fineWan: 2 });
    expect(columns).toEqual([["title", "转包给张某（1101051949****002X）"], ["fine_wan", 2]]);
  });
});

describe("M3 officers' reads are logged and limited", () => {
  const logCount = async (actor: string, route: string) =>
    (await env.DB.prepare("SELECT count(*) AS n FROM query_log WHERE actor = ?1 AND route = ?2").bind(actor, route).first<number>("n")) ?? 0;

  it("an unsuccessful lookup by an officer is logged, with the masked reference", async () => {
    const who = { ...OFFICER, sub: "officer-m3a" };
    const headers = bearer(await token(who));
    const res = await call("/api/v1/subjects/lookup", headers, { body: { code: "110105198001011300".slice(0, 17) + "0", scene: "政府采购", purpose: "M3-404" } });
    const unknownPerson = "110105194912310038";
    const res2 = await call("/api/v1/subjects/lookup", headers, { body: { code: unknownPerson, scene: "政府采购", purpose: "M3-404" } });
    expect(res2.status).toBe(404);
    expect(res.status).toBeGreaterThanOrEqual(400);
    const refs = (await env.DB.prepare("SELECT s.subject_code FROM query_log q JOIN query_log_subjects s ON s.log_id = q.id WHERE q.actor = 'officer-m3a'").all<{ subject_code: string }>()).results.map((r) => r.subject_code);
    expect(refs).toContain("1101051949****0038");
    expect(refs).not.toContain(unknownPerson);
  });

  it("a watch-list request's not-found items are logged too", async () => {
    const headers = bearer(await token({ ...OFFICER, sub: "officer-m3w" }));
    const unknown = uscc();
    const res = await call("/api/v1/watchlist", headers, { body: { items: [{ code: unknown, reason: "CQZC-M3", until: addDays(TODAY, 30), scene: "政府采购" }] } });
    expect(res.status).toBeLessThan(500);
    const refs = (await env.DB.prepare("SELECT s.subject_code FROM query_log q JOIN query_log_subjects s ON s.log_id = q.id WHERE q.actor = 'officer-m3w'").all<{ subject_code: string }>()).results.map((r) => r.subject_code);
    expect(refs).toEqual([unknown]);
  });

  it("reading the change feed and the alerts is logged, one entry per request", async () => {
    const who = { ...OFFICER, sub: "officer-m3c" };
    const headers = bearer(await token(who));
    expect((await call("/api/v1/changes?since=0", headers)).status).toBe(200);
    expect(await logCount("officer-m3c", "GET /api/v1/changes")).toBe(1);
    expect((await call("/api/v1/alerts", headers)).status).toBe(200);
    expect(await logCount("officer-m3c", "GET /api/v1/alerts")).toBe(1);
  });

  it("the change feed does not list persons an officer may no longer see (repaired, expired)", async () => {
    const pid = "110105198001011334";
    const sid = await insertSubject({ code: pid, name: "冯十二", codeType: "id_number", kind: "natural_person" });
    await insertListEntry(sid, { listType: "serious_dishonesty", docNo: "M3-rep", status: "repaired" });
    const feed = (await (await call("/api/v1/changes?since=0&limit=1000", officer)).json()) as { items: { name: string }[] };
    expect(feed.items.map((i) => i.name)).not.toContain("冯十二");
    const adminFeed = (await (await call("/api/v1/changes?since=0&limit=1000", admin)).json()) as { items: { name: string }[] };
    expect(adminFeed.items.map((i) => i.name)).toContain("冯十二");
  });

  it("GET /api/v1/cases/{tracking} without the key: the deciding unit and admins only", async () => {
    const org = uscc();
    const sid = await insertSubject({ code: org, name: "某某案件公司" });
    await insertPenalty(sid, { docNo: "M3-case", monthsAgo: 5 });
    const filed = await call("/api/v1/objections", {}, { body: { subjectCode: org, docNo: "M3-case", applicantName: "王小明", applicantContact: "13812345678", reason: "金额有误请核实" } });
    expect(filed.status).toBe(201);
    const { tracking } = (await filed.json()) as { tracking: string };
    const other = bearer(await token({ ...OFFICER, sub: "officer-other-dept" })); // TEST_DEPT, not the deciding unit
    const unknown = await call("/api/v1/cases/YY-20260101-AAAAAA", other);
    const res = await call(`/api/v1/cases/${tracking}`, other);
    expect(res.status).toBe(404);
    expect((await res.text()).replace(tracking, "T")).toBe((await unknown.text()).replace("YY-20260101-AAAAAA", "T"));
    const decider = bearer(await token({ ...OFFICER, sub: "officer-decider", dept: AUTHORITY.code }));
    expect((await call(`/api/v1/cases/${tracking}`, decider)).status).toBe(200);
    expect((await call(`/api/v1/cases/${tracking}`, admin)).status).toBe(200);
  });
});

describe("L2 masking gaps", () => {
  it("ID numbers written in groups with spaces or hyphens are masked; ordinary numbers are not", () => {
    expect(maskIdNumbersInText("身份证号 110105 19491231 002X，")).toBe("身份证号 110105 1949**** 002X，");
    expect(maskIdNumbersInText("身份证号110105-19491231-002X")).toBe("身份证号110105-1949****-002X");
    expect(maskIdNumbersInText("旧证 110105 491231 002")).toBe("旧证 110105 49**** 002");
    const ordinary = "电话 023-63891234，日期 2026-12-02，账号 6222 0212 3456 7890";
    expect(maskIdNumbersInText(ordinary)).toBe(ordinary);
    expect(maskIdNumbersInText("11010519491231002X 2026")).toBe("1101051949****002X 2026");
  });

  it("GB 11643's own example (born 1880) is answered as an ID number: not echoed, ID-number problems", async () => {
    const code = "440524188001010014";
    const res = await call("/api/v1/subjects/lookup", {}, { body: { code } });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain(code);
    expect(text).toContain("身份证号码");
  });
});
