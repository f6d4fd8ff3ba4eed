/**
 * Walks every public response for the seeded data and fails on any unmasked ID number or any field the
 * public must not see: restricted lists (重点监管对象), repaired or expired entries, penalties past their
 * window, full ID numbers of natural persons.
 *
 * ID numbers are looked for two ways: every natural person's number in the database must appear nowhere
 * (not even full-width), and every code field must not look like a valid ID number. A pattern search over
 * whole responses cannot be used: real certificate numbers (建筑工程施工许可证: region + date + sequence)
 * are 18 digits too and pass the GB 11643 check about one time in eleven.
 */
import { env, exports } from "cloudflare:workers";
import { base64url } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult, SearchResult, SubjectProfile } from "../../shared/contract";
import { sha256Hex } from "../../shared/audit/chain";
import { addMonths } from "../../shared/domain/dates";
import { containsUnmaskedIdNumber, idCheckChar } from "../../shared/identifiers";
import { SEED_FIXTURES } from "../../scripts/seed/generate";
import { AUTHORITY, TODAY, insertSubject, uscc } from "./fixtures";
import { loadSeed } from "./seed";
import { OFFICER, bearer, token } from "./tokens";
import { RECEIPT_FORMAT_VERSION } from "../../shared/contract/receipts";
import { issueReceipt } from "../../worker/receipts/issue";
import { receiptKeys } from "../../worker/receipts/keys";

const SUBJECTS = 400;
let subjects: { code: string; code_type: string; name: string }[] = [];
let personIds: string[] = [];
const fullWidth = (s: string) => [...s].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join("");

beforeAll(async () => {
  await loadSeed(SUBJECTS);
  subjects = (await env.DB.prepare("SELECT code, code_type, name FROM subjects ORDER BY id").all<{ code: string; code_type: string; name: string }>()).results;
  personIds = subjects.filter((s) => s.code_type === "id_number").map((s) => s.code);
});

// Many clients (one address per request) so the public rate limit does not cut the walk short.
let client = 0;
const get = (path: string) => {
  client++;
  return exports.default.fetch(`http://x${path}`, { headers: { "cf-connecting-ip": `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}` } });
};

function assertNothingForbidden(text: string, where: string) {
  for (const id of personIds) {
    expect(text.includes(id) || text.includes(fullWidth(id)), `natural person's ID number in ${where}`).toBe(false);
  }
  for (const code of text.matchAll(/"code":"([^"]*)"/g)) expect(containsUnmaskedIdNumber(code[1]!), `unmasked ID number as a code in ${where}`).toBe(false);
  expect(text, `restricted list in ${where}`).not.toContain("key_supervision");
  expect(text, `repaired information in ${where}`).not.toMatch(/"repaired":true/);
}

describe("public responses for the seeded data", () => {
  it("seeded a realistic population including natural persons", () => {
    expect(subjects.length).toBe(SUBJECTS);
    expect(subjects.some((s) => s.code_type === "id_number")).toBe(true);
  });

  it("every subject's API profile and page show nothing the public must not see", async () => {
    let persons = 0;
    for (const s of subjects) {
      const api = await get(`/api/v1/subjects/${s.code}`);
      expect(api.status, s.code).toBe(200);
      const text = await api.text();
      assertNothingForbidden(text, `API ${s.code_type}`);
      const profile = JSON.parse(text) as SubjectProfile;
      for (const p of profile.penalties) expect(p.publishUntil === null || p.publishUntil >= TODAY, `${s.code} ${p.docNo}`).toBe(true);
      for (const l of profile.lists) expect(l.plannedRemovalOn === null || l.plannedRemovalOn >= TODAY).toBe(true);
      if (s.code_type === "id_number") {
        persons++;
        expect(profile.code).toMatch(/^\d{10}\*{4}\d{3}[\dX]$/);
        // The page for a person is looked up by the full number, but never shows it.
        const html = await (await get(`/s/${s.code}`)).text();
        assertNothingForbidden(html, "person page");
      } else {
        const html = await (await get(`/s/${s.code}`)).text();
        assertNothingForbidden(html, `page ${s.code}`);
      }
    }
    expect(persons).toBeGreaterThan(0);
  });

  it("search results for every subject's name show nothing the public must not see", async () => {
    for (const s of subjects.filter((_, i) => i % 4 === 0)) {
      for (const q of [s.name.slice(0, 2), s.name.slice(2, 6)]) {
        const res = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
        const text = await res.text();
        assertNothingForbidden(text, `search ${q}`);
        const result = JSON.parse(text) as SearchResult;
        expect(result.items.every((i) => i.kind !== "natural_person")).toBe(true);
        assertNothingForbidden(await (await get(`/?q=${encodeURIComponent(q)}`)).text(), `search page ${q}`);
      }
    }
  });

  it("the documented fixtures behave as documented in public", async () => {
    const profile = async (code: string) => (await (await get(`/api/v1/subjects/${code}`)).json()) as SubjectProfile;
    expect((await profile(SEED_FIXTURES.generalPenaltyPastWindow.code)).penalties).toEqual([]);
    expect((await profile(SEED_FIXTURES.seriousPenaltyInWindow.code)).penalties.some((p) => p.severity === "serious")).toBe(true);
    expect((await profile(SEED_FIXTURES.seriousDishonestyInForce.code)).lists.map((l) => l.listType)).toContain("serious_dishonesty");
    expect((await profile(SEED_FIXTURES.redList.code)).summary.redList).toBe(true);
    expect((await profile(SEED_FIXTURES.removedEntry.code)).lists).toEqual([]);
    expect((await profile(SEED_FIXTURES.expiredEntry.code)).lists).toEqual([]);
    expect((await profile(SEED_FIXTURES.repairedPenalty.code)).penalties).toEqual([]);
    expect((await profile(SEED_FIXTURES.legacyPilotCode.code)).checksumLegacy).toBe(true);
    const person = await profile(SEED_FIXTURES.naturalPersonDebtor.code);
    expect(person.code).not.toBe(SEED_FIXTURES.naturalPersonDebtor.code);
    expect(person.lists.map((l) => l.listType)).toEqual(["dishonest_judgment_debtor"]);
  });
});

/*
 * Hostile rows: ID numbers in every free-text field, written straight into D1 (bypassing ingest and its masking),
 * as older rows or a direct write would hold them. The public guard (worker/visibility/guard.ts) must mask every
 * one in every answer: lookups (GET and POST), pages, reports, search, check answers, receipts (JWS and /r/ page),
 * the change feed and case pages. Remove the guard and this describe fails.
 */
describe("ID numbers written into free text never reach an answer unmasked", () => {
  const ID18 = "11010519491231002X";
  const ID18_FULL_WIDTH_SOURCE = (() => {
    const first17 = "50010319800101123";
    return first17 + idCheckChar(first17);
  })();
  const ID15 = "500103800101123"; // old 15-digit number: region 500103, born 1980-01-01
  const NUMBERS = [ID18, ID18_FULL_WIDTH_SOURCE, ID15];
  /** A free text carrying all three: 18 digits, the 15-digit old form and a full-width 18-digit number. */
  const hostile = (what: string) => `${what}：当事人（身份证号${ID18}），旧证${ID15}，全角${fullWidth(ID18_FULL_WIDTH_SOURCE)}`;
  const ORG = uscc("500103");
  const ORG_BY_NAME = uscc("500103");
  const PERSON = (() => {
    const first17 = "50010319900909123";
    return first17 + idCheckChar(first17);
  })();
  const CASE_SECRET = "hostileCaseSecret00000";
  const TRACKING = { repair: "XF-20261127-AAAAAB", objection: "YY-20261127-AAAAAC" };
  const SOURCE = { name: hostile("报送单位"), code: AUTHORITY.code };

  beforeAll(async () => {
    const org = await insertSubject({ code: ORG, name: "重庆渝中敌意数据测试有限公司" });
    const byName = await insertSubject({ code: ORG_BY_NAME, name: `重庆渝中${ID18}商贸有限公司` });
    const person = await insertSubject({ code: PERSON, name: "渝中区敌意数据小吃店", kind: "individual_business", codeType: "id_number" });
    await env.DB.prepare("UPDATE subjects SET address = ?2, legal_representative = ?3 WHERE id IN (?1, ?4)").bind(org, hostile("住所"), hostile("法定代表人"), byName).run();
    const window = addMonths(TODAY, 30);
    const penalty = (subjectId: number, n: number) =>
      env.DB.prepare(
        `INSERT INTO records (subject_id, category, doc_no, title, facts, basis, kinds, content, fine_wan, licence_ref, authority_name, authority_code, decided_on,
                              severity, publish_until, repairable_from, status, remark, source_unit_name, source_unit_code)
         VALUES (?1, 'penalty', ?2, ?3, ?4, ?5, ?6, ?7, 2, ?8, ?9, ?10, ?11, 'general', ?12, ?11, 'active', ?13, ?14, ?15)`,
      ).bind(subjectId, `渝中市监罚〔2026〕${n}号${ID18}`, hostile("违法行为类型"), hostile("违法事实"), hostile("处罚依据"), `罚款；${hostile("处罚类别")}`, hostile("处罚内容"),
        hostile("暂扣证照"), hostile("处罚机关"), AUTHORITY.code, addMonths(TODAY, -2), window, hostile("备注"), SOURCE.name, SOURCE.code);
    const licence = (subjectId: number, n: number) =>
      env.DB.prepare(
        `INSERT INTO records (subject_id, category, doc_no, title, facts, kinds, content, licence_ref, authority_name, authority_code, decided_on, valid_from, valid_until, remark)
         VALUES (?1, 'licence', ?2, ?3, ?4, ?5, ?6, 'JY15001030012345', ?7, ?8, '2024-03-01', '2024-03-01', '2099-12-31', ?9)`,
      ).bind(subjectId, `渝中市监许〔2024〕${n}号${ID15}`, hostile("许可证书名称"), hostile("许可内容"), hostile("许可类别"), hostile("许可决定内容"), hostile("许可机关"), AUTHORITY.code, hostile("备注"));
    const entry = (subjectId: number, listType: string, n: number) =>
      env.DB.prepare(
        `INSERT INTO list_entries (list_type, subject_id, reason, legal_basis, authority_name, authority_code, doc_no, listed_on, planned_removal_on, status, source_unit_name, source_unit_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'listed', ?10, ?11)`,
      ).bind(listType, subjectId, hostile("列入事由"), hostile("认定依据"), hostile("认定部门"), AUTHORITY.code, `渝中市监严失〔2026〕${n}号${ID18}`, addMonths(TODAY, -1), window, SOURCE.name, SOURCE.code);
    const commitment = (subjectId: number, n: number) =>
      env.DB.prepare(
        `INSERT INTO commitments (subject_id, kind, matter, authority_name, authority_code, doc_no, committed_on, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending')`,
      ).bind(subjectId, hostile("承诺类型"), hostile("承诺事项"), hostile("承诺机关"), AUTHORITY.code, `渝中承诺〔2026〕${n}号${ID18}`, addMonths(TODAY, -1));
    await env.DB.batch([
      penalty(org, 1), licence(org, 2), entry(org, "serious_dishonesty", 3), commitment(org, 4),
      penalty(byName, 5), entry(byName, "abnormal_operation", 6),
      penalty(person, 7), licence(person, 8), entry(person, "abnormal_operation", 9), commitment(person, 10),
    ]);
    // A repair case and an objection on the organisation's penalty and entry, with ID numbers in everything typed.
    const hash = await sha256Hex(CASE_SECRET);
    const recordId = (await env.DB.prepare("SELECT id FROM records WHERE subject_id = ?1 AND category = 'penalty'").bind(org).first<{ id: number }>())!.id;
    const entryId = (await env.DB.prepare("SELECT id FROM list_entries WHERE subject_id = ?1").bind(org).first<{ id: number }>())!.id;
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO repair_cases (tracking, target_kind, target_id, subject_id, authority_code, authority_name, applicant_name, applicant_contact, commitment_accepted,
                                   commitment_text, statement, state, reason, deadline, submitted_on, submitted_at, secret_hash)
         VALUES (?1, 'record', ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, 'refused', ?10, ?11, ?11, ?12, ?13)`,
      ).bind(TRACKING.repair, recordId, org, AUTHORITY.code, hostile("认定部门"), hostile("申请人"), hostile("联系方式"), hostile("承诺"), hostile("修复说明"), hostile("决定理由"), TODAY, `${TODAY}T01:00:00.000Z`, hash),
      env.DB.prepare(
        `INSERT INTO objection_cases (tracking, target_kind, target_id, subject_id, decider_code, applicant_name, applicant_contact, reason, state, decision_reason, deadline, submitted_on, submitted_at, secret_hash)
         VALUES (?1, 'list_entry', ?2, ?3, ?4, ?5, ?6, ?7, 'dismissed', ?8, ?9, ?9, ?10, ?11)`,
      ).bind(TRACKING.objection, entryId, org, AUTHORITY.code, hostile("申请人"), hostile("联系方式"), hostile("异议理由"), hostile("决定理由"), TODAY, `${TODAY}T01:00:00.000Z`, hash),
      ...Object.entries(TRACKING).map(([kind, tracking]) =>
        env.DB.prepare("INSERT INTO case_events (case_kind, tracking, at, actor, action, from_state, to_state, note) VALUES (?1, ?2, ?3, 'applicant', 'filed', NULL, 'submitted', ?4)").bind(kind, tracking, `${TODAY}T01:00:00.000Z`, hostile("办理记录")),
      ),
    ]);
  });

  /** JSON: every string (signatures aside) is checked with the GB 11643 scanner; any text: none of the fixture numbers, in any width. */
  function assertMasked(text: string, where: string) {
    for (const id of NUMBERS) expect(text.includes(id) || text.includes(fullWidth(id)), `${id} in ${where}`).toBe(false);
    const visit = (value: unknown, key?: string): void => {
      if (typeof value === "string") {
        if (key !== "jws") expect(containsUnmaskedIdNumber(value), `unmasked ID number in ${where}${key ? ` (${key})` : ""}: ${value}`).toBe(false);
      } else if (Array.isArray(value)) value.forEach((v) => visit(v));
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, k);
    };
    if (/^\s*[[{]/.test(text)) visit(JSON.parse(text));
    // Pages: the text outside signatures and QR codes (base64 and SVG paths are not free text).
    else expect(containsUnmaskedIdNumber(text.replace(/<textarea class="jws"[^>]*>[^<]*<\/textarea>/g, "").replace(/<svg[\s\S]*?<\/svg>/g, "")), `unmasked ID number in ${where}`).toBe(false);
  }

  const fetchText = async (path: string, init: RequestInit = {}) => {
    const res = await exports.default.fetch(`http://x${path}`, { ...init, headers: { "cf-connecting-ip": `10.99.${++client & 255}.${(client >> 8) & 255}`, ...(init.headers as Record<string, string> | undefined) } });
    const text = await res.text();
    expect(res.status, `${path} → ${res.status}: ${text.slice(0, 200)}`).toBeLessThan(400);
    return text;
  };
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetchText(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const postForm = (path: string, fields: Record<string, string>) =>
    fetchText(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://x" }, body: new URLSearchParams(fields) });

  it("the fixtures really hold unmasked numbers in the database (so the walk below can fail)", async () => {
    const stored = JSON.stringify((await env.DB.prepare("SELECT * FROM records r JOIN subjects s ON s.id = r.subject_id WHERE s.code IN (?1, ?2)").bind(ORG, PERSON).all()).results);
    for (const id of [ID18, ID15]) expect(stored).toContain(id);
    expect(stored).toContain(fullWidth(ID18_FULL_WIDTH_SOURCE));
  });

  it("lookups, pages and signed reports of every fixture subject", async () => {
    for (const code of [ORG, ORG_BY_NAME, PERSON]) {
      const api = await fetchText(`/api/v1/subjects/${code}`);
      assertMasked(api, `GET lookup ${code}`);
      const profile = JSON.parse(api) as SubjectProfile;
      expect(profile.penalties.length + profile.lists.length).toBeGreaterThan(0);
      assertMasked(await postJson("/api/v1/subjects/lookup", { code }), `POST lookup ${code}`);
      assertMasked(await fetchText(`/s/${code}`), `page /s/ ${code}`);
      assertMasked(await postForm("/", { q: code }), `search form ${code}`);
      const report = await fetchText(`/api/v1/subjects/${code}/report`);
      assertMasked(report, `report ${code}`);
      assertMasked(new TextDecoder().decode(base64url.decode((JSON.parse(report) as { jws: string }).jws.split(".")[1]!)), `report JWS ${code}`);
      assertMasked(await fetchText(`/s/${code}/report`), `report page ${code}`);
    }
    // Officers' views go through the same mapping.
    assertMasked(await fetchText(`/api/v1/subjects/${ORG}?scene=政府采购&purpose=CQZC-2026-0381`, { headers: bearer(await token(OFFICER)) }), "officer lookup");
  });

  it("search by a name that holds an ID number (API and pages)", async () => {
    for (const q of ["重庆渝中", `重庆渝中${ID18.slice(0, 6)}`]) {
      assertMasked(await fetchText(`/api/v1/search?q=${encodeURIComponent(q)}`), `search ${q}`);
      assertMasked(await fetchText(`/?q=${encodeURIComponent(q)}`), `search page ${q}`);
      assertMasked(await postForm("/", { q }), `search form ${q}`);
    }
  });

  it("check answers, their signed receipts and the /r/ pages; the change feed", async () => {
    const officer = bearer(await token(OFFICER));
    const answer = await postJson(
      "/api/v1/checks",
      { scene: "政府采购", purpose: `CQZC-2026-0381 ${ID18}`, items: [{ ref: "1", code: ORG }, { ref: "2", code: PERSON }, { ref: "3", name: `重庆渝中${ID18}商贸有限公司` }] },
      officer,
    );
    assertMasked(answer, "check answer");
    const result = JSON.parse(answer) as CheckResult;
    expect(result.items.map((i) => i.status)).toEqual(["ok", "ok", "ok"]);
    assertMasked(new TextDecoder().decode(base64url.decode(result.receipt.jws.split(".")[1]!)), "receipt JWS");
    const url = new URL(result.receipt.url);
    assertMasked(await fetchText(url.pathname + url.search), "receipt page");
    assertMasked(await postForm("/verify", { jws: result.receipt.jws }), "verify page");
    assertMasked(await fetchText("/api/v1/changes?since=0&limit=1000", { headers: officer }), "change feed");
  });

  it("a receipt signed before the guard, holding ID numbers in its payload: the /r/ page masks them", async () => {
    const officer = bearer(await token(OFFICER));
    const answer = JSON.parse(await postJson("/api/v1/checks", { scene: "政府采购", purpose: "CQZC-2026-0382", items: [{ ref: "1", code: ORG }] }, officer)) as CheckResult;
    // Re-issue the same content unmasked, as an older worker would have signed it.
    const { receipt: _r, issuedAt, ...common } = answer;
    const unmasked = JSON.parse(JSON.stringify(common).replaceAll("1101051949****002X", ID18)) as typeof common;
    const signer = await receiptKeys(env).signer();
    const now = new Date();
    const issued = await issueReceipt(env.DB, signer, { v: RECEIPT_FORMAT_VERSION, iss: env.ISSUER, iat: Math.floor(now.getTime() / 1000), issuedAt, ...unmasked, actor: { id: "officer-1", name: "张三", role: "officer", department: null } }, now);
    expect(new TextDecoder().decode(base64url.decode(issued.jws.split(".")[1]!))).toContain(ID18);
    assertMasked(await fetchText(`/r/${issued.payload.number}?k=${issued.secret}`), "page of an old receipt");
  });

  it("case pages, the case API and the repair and objection forms", async () => {
    for (const tracking of Object.values(TRACKING)) {
      assertMasked(await fetchText(`/cases/${tracking}?k=${CASE_SECRET}`), `case page ${tracking}`);
      assertMasked(await fetchText(`/api/v1/cases/${tracking}?k=${CASE_SECRET}`), `case API ${tracking}`);
    }
    const docNo = (await env.DB.prepare("SELECT doc_no FROM records r JOIN subjects s ON s.id = r.subject_id WHERE s.code = ?1 AND r.category = 'penalty'").bind(ORG).first<{ doc_no: string }>())!.doc_no;
    for (const path of ["/repair", "/objection"]) {
      const page = await postForm(path, { step: "find", subjectCode: ORG, docNo });
      // The form echoes what the user typed (the document number) in its inputs; everything the page says is masked.
      assertMasked(page.replace(/<input[^>]*>/g, ""), `${path} find form`);
    }
  });
});
