/**
 * Personal data never leaks (issue 11), against the real D1:
 * - name checks never match a person (自然人, or a 个体工商户 keyed by an ID number), in the answer, the signed
 *   receipt or its /r/ page; a person checked by code appears masked everywhere;
 * - the public cannot learn that a person is held: an ID number without public information in force answers
 *   byte for byte like an unknown one (GET and POST lookups, /s/{id}, the site's search form, the report);
 * - identifiers: ID-number messages for ID numbers, old 15-digit 注册号 resolved or explained;
 * - the receipt page marks hits repaired or removed after signing.
 */
import { env, exports } from "cloudflare:workers";
import { base64url } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult, SubjectProfile } from "../../shared/contract";
import { idCheckChar, registrationNumberCheckDigit } from "../../shared/identifiers";
import { ADMIN, OFFICER, bearer, token } from "./tokens";
import { TODAY, insertListEntry, insertPenalty, insertSubject, uscc } from "./fixtures";

/** A valid 18-digit ID number (GB 11643) from region, birth date and sequence. */
const idNumber = (first17: string) => first17 + idCheckChar(first17);
const regNo = (first14: string) => first14 + registrationNumberCheckDigit(first14);

const OPERATOR_A = idNumber("50010319800101123");
const OPERATOR_B = idNumber("50010319810202234");
const LONE_OPERATOR = idNumber("50010319820303345");
const HIDDEN_PERSON = idNumber("50010319750505456"); // only a penalty whose publication ended
const REPAIRED_PERSON = idNumber("50010319760606567"); // only a repaired list entry
const PUBLIC_PERSON = idNumber("50010319770707678"); // a list entry in force
const UNKNOWN_PERSON = idNumber("50010319880808789");
const SHARED_NAME = "渝中区张记小吃店";
const LONE_NAME = "渝中区李记五金店";
const COMPANY = uscc("500103");
const COMPANY_REG_NO = regNo("50010300012345");
const UNKNOWN_REG_NO = regNo("50010300099999");
const LATER = uscc("500103");

let client = 0;
const ip = () => ({ "cf-connecting-ip": `10.77.${(++client >> 8) & 255}.${client & 255}` });
const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await exports.default.fetch(`http://x${path}`, { headers: { ...ip(), ...headers } });
  return { status: res.status, text: await res.text() };
};
const postJson = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await exports.default.fetch(`http://x${path}`, { method: "POST", headers: { "content-type": "application/json", ...ip(), ...headers }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
};
const postForm = async (path: string, fields: Record<string, string>) => {
  const res = await exports.default.fetch(`http://x${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://x", ...ip() }, body: new URLSearchParams(fields) });
  return { status: res.status, text: await res.text() };
};
const check = async (items: { ref: string; code?: string; name?: string }[], purpose = "CQZC-2026-0381") =>
  (await postJson("/api/v1/checks", { scene: "政府采购", purpose, items }, bearer(await token(OFFICER)))).text;
const payloadOf = (jws: string) => new TextDecoder().decode(base64url.decode(jws.split(".")[1]!));

beforeAll(async () => {
  for (const [code, name] of [[OPERATOR_A, SHARED_NAME], [OPERATOR_B, SHARED_NAME], [LONE_OPERATOR, LONE_NAME]] as const) {
    const id = await insertSubject({ code, name, kind: "individual_business", codeType: "id_number" });
    await insertListEntry(id, { listType: "abnormal_operation", docNo: `渝中市监异〔2026〕${code.slice(-4)}号` });
  }
  await insertPenalty(await insertSubject({ code: HIDDEN_PERSON, name: "赵某", kind: "natural_person", codeType: "id_number" }), { docNo: "渝中市监罚〔2019〕1号", monthsAgo: 60 });
  await insertListEntry(await insertSubject({ code: REPAIRED_PERSON, name: "钱某", kind: "natural_person", codeType: "id_number" }), { listType: "dishonest_judgment_debtor", docNo: "（2024）渝0103执1号", status: "repaired" });
  await insertListEntry(await insertSubject({ code: PUBLIC_PERSON, name: "孙某", kind: "natural_person", codeType: "id_number" }), { listType: "dishonest_judgment_debtor", docNo: "（2025）渝0103执2号" });
  await insertSubject({ code: COMPANY, name: "重庆渝中老字号商贸有限公司" });
  await env.DB.prepare("UPDATE subjects SET reg_no = ?2 WHERE code = ?1").bind(COMPANY, COMPANY_REG_NO).run();
  await insertListEntry(await insertSubject({ code: LATER, name: "重庆渝中后来修复有限公司" }), { listType: "serious_dishonesty", docNo: "渝中市监严失〔2026〕77号" });
});

describe("name checks never expose a person", () => {
  it("two 个体工商户 keyed by ID numbers sharing a name: not matched, no candidates, nothing in the answer, the JWS or the /r/ page", async () => {
    const text = await check([{ ref: "1", name: SHARED_NAME }, { ref: "2", name: LONE_NAME }]);
    const result = JSON.parse(text) as CheckResult;
    expect(result.items.map((i) => [i.status, i.candidates.length, i.subject])).toEqual([["not_found", 0, null], ["not_found", 0, null]]);
    const page = (await get(new URL(result.receipt.url).pathname + new URL(result.receipt.url).search)).text;
    for (const where of [text, payloadOf(result.receipt.jws), page]) {
      for (const id of [OPERATOR_A, OPERATOR_B, LONE_OPERATOR]) expect(where).not.toContain(id);
    }
  });

  it("a person checked by code appears masked in the answer, the JWS payload and the /r/ page", async () => {
    const result = JSON.parse(await check([{ ref: "1", code: LONE_OPERATOR }])) as CheckResult;
    expect(result.items[0]!.subject).toMatchObject({ code: `${LONE_OPERATOR.slice(0, 10)}****${LONE_OPERATOR.slice(14)}`, codeType: "id_number" });
    const page = (await get(new URL(result.receipt.url).pathname + new URL(result.receipt.url).search)).text;
    expect(page).toContain("渝中区李记五金店");
    for (const where of [JSON.stringify(result), payloadOf(result.receipt.jws), page]) expect(where).not.toContain(LONE_OPERATOR);
  });

  it("an ID number typed into the purpose is masked before the receipt is signed", async () => {
    const result = JSON.parse(await check([{ ref: "1", code: COMPANY }], `核查经营者${OPERATOR_A}`)) as CheckResult;
    expect(result.purpose).toBe(`核查经营者${OPERATOR_A.slice(0, 10)}****${OPERATOR_A.slice(14)}`);
    expect(payloadOf(result.receipt.jws)).not.toContain(OPERATOR_A);
  });
});

describe("no existence oracle for persons", () => {
  const unknown = async () => ({
    api: await get(`/api/v1/subjects/${UNKNOWN_PERSON}`),
    post: await postJson("/api/v1/subjects/lookup", { code: UNKNOWN_PERSON }),
    page: await get(`/s/${UNKNOWN_PERSON}`),
    form: await postForm("/", { q: UNKNOWN_PERSON }),
    report: await get(`/api/v1/subjects/${UNKNOWN_PERSON}/report`),
    reportPage: await get(`/s/${UNKNOWN_PERSON}/report`),
  });

  for (const [what, person] of [["whose only penalty left its publication window", HIDDEN_PERSON], ["whose only list entry was repaired", REPAIRED_PERSON]] as const) {
    it(`a person ${what} answers byte for byte like an unknown ID number, everywhere the public asks`, async () => {
      const expected = await unknown();
      expect(expected.api.status).toBe(404);
      const actual = {
        api: await get(`/api/v1/subjects/${person}`),
        post: await postJson("/api/v1/subjects/lookup", { code: person }),
        page: await get(`/s/${person}`),
        form: await postForm("/", { q: person }),
        report: await get(`/api/v1/subjects/${person}/report`),
        reportPage: await get(`/s/${person}/report`),
      };
      expect(actual).toEqual(expected);
      expect(JSON.stringify(actual)).not.toMatch(/赵某|钱某/);
    });
  }

  it("a person with public information in force is answered, masked; officers see the hidden one under the visibility rules", async () => {
    const profile = JSON.parse((await postJson("/api/v1/subjects/lookup", { code: PUBLIC_PERSON })).text) as SubjectProfile;
    expect(profile).toMatchObject({ name: "孙某", codeType: "id_number", code: `${PUBLIC_PERSON.slice(0, 10)}****${PUBLIC_PERSON.slice(14)}` });
    const officer = await get(`/api/v1/subjects/${HIDDEN_PERSON}?scene=政府采购&purpose=CQZC-2026-0381`, bearer(await token(OFFICER)));
    expect(officer.status).toBe(200);
    expect(JSON.parse(officer.text)).toMatchObject({ name: "赵某", penalties: [] });
    const admin = await postJson("/api/v1/subjects/lookup", { code: REPAIRED_PERSON }, bearer(await token(ADMIN)));
    expect(JSON.parse(admin.text)).toMatchObject({ name: "钱某", lists: [{ repaired: true }] });
  });

  it("POST /api/v1/subjects/lookup answers exactly as the GET, and names body fields for officers", async () => {
    for (const code of [COMPANY, PUBLIC_PERSON, "9150010", UNKNOWN_PERSON]) {
      expect(await postJson("/api/v1/subjects/lookup", { code })).toEqual(await get(`/api/v1/subjects/${code}`));
    }
    const officer = await postJson("/api/v1/subjects/lookup", { code: COMPANY }, bearer(await token(OFFICER)));
    expect(officer.status).toBe(400);
    expect(JSON.parse(officer.text).error.details.map((d: { field: string }) => d.field).sort()).toEqual(["body.purpose", "body.scene"]);
  });

  it("the site's search forms post; an ID number typed there opens the person's page without entering a URL", async () => {
    const home = (await get("/")).text;
    expect(home.match(/<form[^>]*role="search"[^>]*>/g)?.every((f) => f.includes('method="post"'))).toBe(true);
    const found = await postForm("/", { q: PUBLIC_PERSON });
    expect(found.status).toBe(200);
    expect(found.text).toContain("孙某");
    expect(found.text).not.toContain(PUBLIC_PERSON);
  });
});

describe("identifiers in lookups and checks", () => {
  it("an ID number that fails validation gets ID-number messages, never the digits back", async () => {
    const typo = `${PUBLIC_PERSON.slice(0, 17)}${PUBLIC_PERSON.endsWith("0") ? "1" : "0"}`;
    const res = await get(`/api/v1/subjects/${typo}`);
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text) as { error: { message: string; details: { problems: { kind: string }[] } } };
    expect(body.error.message).toContain("身份证号码");
    expect(body.error.message).not.toContain("统一社会信用代码");
    expect(body.error.details.problems[0]!.kind).toBe("check");
    expect(res.text).not.toContain(typo);
    const checked = JSON.parse(await check([{ ref: "1", code: typo }])) as CheckResult;
    expect(checked.items[0]).toMatchObject({ status: "invalid_code", problems: [{ kind: "check" }] });
    expect(checked.items[0]!.message).toContain("身份证号码");
    expect(JSON.stringify(checked)).not.toContain(typo);
  });

  it("a 15-digit 工商注册号 on file resolves to its subject; one not on file says the USCC is needed", async () => {
    const found = JSON.parse((await postJson("/api/v1/subjects/lookup", { code: COMPANY_REG_NO })).text) as SubjectProfile;
    expect(found).toMatchObject({ code: COMPANY, name: "重庆渝中老字号商贸有限公司" });
    const missing = await get(`/api/v1/subjects/${UNKNOWN_REG_NO}`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.message).toMatch(/旧版15位工商注册号.*统一社会信用代码/);
    const checked = JSON.parse(await check([{ ref: "1", code: COMPANY_REG_NO }, { ref: "2", code: UNKNOWN_REG_NO }])) as CheckResult;
    expect(checked.items[0]).toMatchObject({ status: "ok", subject: { code: COMPANY } });
    expect(checked.items[1]).toMatchObject({ status: "not_found" });
    expect(checked.items[1]!.message).toMatch(/旧版15位工商注册号.*统一社会信用代码/);
  });
});

describe("the receipt page after signing", () => {
  it("marks a hit repaired after signing instead of showing it as current", async () => {
    const result = JSON.parse(await check([{ ref: "1", code: LATER }])) as CheckResult;
    const address = new URL(result.receipt.url).pathname + new URL(result.receipt.url).search;
    const before = (await get(address)).text;
    expect(before).toContain("渝中市监严失");
    expect(before).not.toContain("完成信用修复");
    await env.DB.prepare("UPDATE list_entries SET status = 'repaired' WHERE doc_no = '渝中市监严失〔2026〕77号'").run();
    const after = (await get(address)).text;
    expect(after).toContain(`已于 ${TODAY} 完成信用修复`);
    // The repaired entry's details are not shown again.
    expect(after).not.toContain("提供虚假材料骗取行政许可");
  });

  it("marks a hit removed after signing", async () => {
    const code = uscc("500103");
    await insertListEntry(await insertSubject({ code, name: "重庆渝中后来移出有限公司" }), { listType: "abnormal_operation", docNo: "渝中市监异〔2026〕88号" });
    const result = JSON.parse(await check([{ ref: "1", code }])) as CheckResult;
    await env.DB.prepare("UPDATE list_entries SET status = 'removed', removed_on = ?1 WHERE doc_no = '渝中市监异〔2026〕88号'").bind(TODAY).run();
    const page = (await get(new URL(result.receipt.url).pathname + new URL(result.receipt.url).search)).text;
    expect(page).toContain(`已于 ${TODAY} 移出名单`);
  });
});
