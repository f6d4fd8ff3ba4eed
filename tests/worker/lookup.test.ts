import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { SubjectProfile } from "../../shared/contract";
import { ADMIN, OFFICER, bearer, token } from "./tokens";
import { TODAY, insertLicence, insertListEntry, insertPenalty, insertSubject, uscc } from "./fixtures";

const CLEAN = uscc("500112");
const PENALISED = uscc("500103");
const LISTED = uscc("500106");
const LEGACY = "91350100M0001TGQXM";
const PERSON_ID = "11010519491231002X";
const ORDERED = uscc("500105");

const fetchJson = async (path: string, headers: Record<string, string> = {}) => {
  const res = await exports.default.fetch(`http://x${path}`, { headers });
  return { status: res.status, body: (await res.json()) as SubjectProfile & { error: { code: string; message: string; details?: { problems?: { kind: string; position?: number }[] } } } };
};

beforeAll(async () => {
  const clean = await insertSubject({ code: CLEAN, name: "重庆渝北清风建筑工程有限公司", region: "500112" });
  await insertLicence(clean, "渝北住建许〔2024〕18号");

  const penalised = await insertSubject({ code: PENALISED, name: "重庆渝信商贸有限公司" });
  await insertPenalty(penalised, { docNo: "渝中市监处罚〔2026〕11号", monthsAgo: 2, fineWan: 5 }); // 一般, inside its 1-year window
  await insertPenalty(penalised, { docNo: "渝中市监处罚〔2024〕7号", monthsAgo: 14, fineWan: 5 }); // 一般, window ended 2 months ago
  await insertPenalty(penalised, { docNo: "渝中市监处罚〔2025〕3号", monthsAgo: 14, kinds: ["吊销许可证件"] }); // 严重, 3-year window
  await insertPenalty(penalised, { docNo: "渝中市监处罚〔2026〕5号", monthsAgo: 1, fineWan: 5, status: "repaired" });

  const listed = await insertSubject({ code: LISTED, name: "重庆沙坪坝鸿达物流有限公司", region: "500106" });
  await insertListEntry(listed, { listType: "serious_dishonesty", docNo: "渝市监严失〔2026〕2号" });
  await insertListEntry(listed, { listType: "key_supervision", docNo: "渝应急重点〔2026〕9号" });
  await insertListEntry(listed, { listType: "abnormal_operation", docNo: "渝市监异〔2023〕1号", plannedRemovalOn: "2024-01-01" }); // expired
  await insertListEntry(listed, { listType: "major_tax_violation", docNo: "渝税稽〔2025〕4号", status: "removed" });
  await insertListEntry(listed, { listType: "procurement_violation", docNo: "渝财采〔2025〕6号", status: "repaired" });

  const ordered = await insertSubject({ code: ORDERED, name: "重庆江北顺序测试有限公司", region: "500105" });
  await insertPenalty(ordered, { docNo: "渝北市监处罚〔2026〕A号", monthsAgo: 3, fineWan: 2.5 });
  await insertPenalty(ordered, { docNo: "渝北市监处罚〔2026〕B号", monthsAgo: 1, fineWan: 5 });
  await insertPenalty(ordered, { docNo: "渝北市监处罚〔2026〕C号", monthsAgo: 3, fineWan: 5 });
  await insertListEntry(ordered, { listType: "serious_dishonesty", docNo: "渝市监严失〔2026〕7号" });
  await insertListEntry(ordered, { listType: "serious_dishonesty", docNo: "渝市监严失〔2026〕8号" });

  await insertSubject({ code: LEGACY, name: "福建早期试点有限公司", region: "350100", legacy: true });
  const person = await insertSubject({ code: PERSON_ID, name: "李某某", kind: "natural_person", codeType: "id_number", region: "110105" });
  await insertListEntry(person, { listType: "dishonest_judgment_debtor", docNo: "（2025）渝0103执1234号" });
});

describe("GET /api/v1/subjects/{code}", () => {
  it("finds a subject and decodes its code", async () => {
    const { status, body } = await fetchJson(`/api/v1/subjects/${CLEAN}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: CLEAN, name: "重庆渝北清风建筑工程有限公司", kind: "enterprise", region: { code: "500112", name: "渝北区" } });
    expect(body.codeInfo).toEqual({ registrationDepartment: "工商(市场监管)", category: "企业", region: "渝北区" });
    expect(body.licences).toHaveLength(1);
    expect(body.licences[0]).toMatchObject({ longTerm: true, validUntil: null, expired: false });
    expect(body.asOf).toBe(TODAY);
  });

  it("accepts lower case, full-width and spaced input", async () => {
    const fullWidth = [...CLEAN.toLowerCase()].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join("");
    for (const input of [CLEAN.toLowerCase(), ` ${CLEAN.slice(0, 6)} ${CLEAN.slice(6)} `, fullWidth]) {
      const { status, body } = await fetchJson(`/api/v1/subjects/${encodeURIComponent(input)}`);
      expect(status, input).toBe(200);
      expect(body.code).toBe(CLEAN);
    }
  });

  it("answers 404 in the envelope for a valid code we do not hold", async () => {
    const { status, body } = await fetchJson("/api/v1/subjects/91310115591693856A");
    expect(status).toBe(404);
    expect(body.error.code).toBe("subject_not_found");
    expect(body.error.message).toContain("91310115591693856A");
  });

  it("answers 400 saying what is wrong with a malformed code", async () => {
    const wrongCheck = `${CLEAN.slice(0, 17)}${CLEAN.endsWith("0") ? "1" : "0"}`;
    const cases: [string, string, number | undefined][] = [
      ["9150010", "length", undefined],
      [`${CLEAN.slice(0, 4)}I${CLEAN.slice(5)}`, "character", 5],
      [wrongCheck, "check_18", 18],
    ];
    for (const [input, kind, position] of cases) {
      const { status, body } = await fetchJson(`/api/v1/subjects/${input}`);
      expect(status, input).toBe(400);
      expect(body.error.code).toBe("invalid_code");
      expect(body.error.details?.problems?.[0]).toMatchObject({ kind, ...(position ? { position } : {}) });
    }
  });

  it("serves an authoritative legacy code, flagged; refuses an unknown one that fails the same way", async () => {
    const { status, body } = await fetchJson(`/api/v1/subjects/${LEGACY}`);
    expect(status).toBe(200);
    expect(body.checksumLegacy).toBe(true);
    const other = await fetchJson("/api/v1/subjects/91350100M0001TGQX2");
    expect(other.status).toBe(400);
    expect(other.body.error.details?.problems?.[0]).toMatchObject({ kind: "check_18", position: 18 });
  });

  it("shows penalties inside their window only, never repaired ones", async () => {
    const { body } = await fetchJson(`/api/v1/subjects/${PENALISED}`);
    expect(body.penalties.map((p) => p.docNo).sort()).toEqual(["渝中市监处罚〔2025〕3号", "渝中市监处罚〔2026〕11号"]);
    expect(body.penalties.find((p) => p.docNo === "渝中市监处罚〔2025〕3号")).toMatchObject({ severity: "serious", severityLabel: "严重" });
    expect(body.summary.publicPenalties).toBe(2);
  });

  it("lists records and entries newest first, the later recorded first on the same day, with their values as stored", async () => {
    const { body } = await fetchJson(`/api/v1/subjects/${ORDERED}`);
    expect(body.penalties.map((p) => p.docNo)).toEqual(["渝北市监处罚〔2026〕B号", "渝北市监处罚〔2026〕C号", "渝北市监处罚〔2026〕A号"]);
    expect(body.penalties.map((p) => p.fineWan)).toEqual([5, 5, 2.5]);
    expect(body.penalties[0]).toMatchObject({ confiscatedWan: null, objectionOpen: false, repaired: false, authority: { name: expect.any(String), code: expect.any(String) } });
    expect(body.lists.map((l) => l.docNo)).toEqual(["渝市监严失〔2026〕8号", "渝市监严失〔2026〕7号"]);
    expect(body.lists[0]).toMatchObject({ objectionOpen: false, repaired: false, plannedRemovalOn: expect.any(String) });
  });

  it("shows the public only lists in force and published by law", async () => {
    const { body } = await fetchJson(`/api/v1/subjects/${LISTED}`);
    expect(body.lists.map((l) => l.listType)).toEqual(["serious_dishonesty"]);
    expect(body.summary.negativeLists).toBe(1);
  });

  it("shows officers the key-supervision list too, and admins the repaired entry marked as repaired", async () => {
    const officer = await fetchJson(`/api/v1/subjects/${LISTED}?scene=招标投标&purpose=ZB-2026-17`, bearer(await token(OFFICER)));
    expect(officer.body.lists.map((l) => l.listType).sort()).toEqual(["key_supervision", "serious_dishonesty"]);
    const admin = await fetchJson(`/api/v1/subjects/${LISTED}`, bearer(await token(ADMIN)));
    const repaired = admin.body.lists.find((l) => l.listType === "procurement_violation");
    expect(repaired?.repaired).toBe(true);
    expect(admin.body.summary.negativeLists).toBe(2);
    const adminPenalties = await fetchJson(`/api/v1/subjects/${PENALISED}`, bearer(await token(ADMIN)));
    expect(adminPenalties.body.penalties.filter((p) => p.repaired).map((p) => p.docNo)).toEqual(["渝中市监处罚〔2026〕5号"]);
  });

  it("masks a natural person's ID number and hides the legal representative and address", async () => {
    const { status, body } = await fetchJson(`/api/v1/subjects/${PERSON_ID.toLowerCase()}`);
    expect(status).toBe(200);
    expect(body.code).toBe("1101051949****002X");
    expect(JSON.stringify(body)).not.toContain(PERSON_ID);
    expect(body).toMatchObject({ codeType: "id_number", legalRepresentative: null, address: null, codeInfo: null });
    expect(body.lists[0]?.listType).toBe("dishonest_judgment_debtor");
  });
});

describe("public pages", () => {
  it("renders the subject page in Chinese with database text escaped", async () => {
    const res = await exports.default.fetch(`http://x/s/${PENALISED}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain("重庆渝信商贸有限公司");
    expect(html).toContain("渝中市监处罚〔2026〕11号");
    expect(html).not.toContain("渝中市监处罚〔2024〕7号");
  });

  it("renders malformed and unknown codes as Chinese error pages with the right status", async () => {
    const bad = await exports.default.fetch("http://x/s/9150010");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("代码不正确");
    const unknown = await exports.default.fetch("http://x/s/91310115591693856A");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("未找到该主体");
  });
});
