/**
 * POST /api/v1/checks against the real D1 with the seeded measures catalogue (migrations/0002): the
 * decision for every scene and list, combinations, resolution by code and by name, the 100-item batch,
 * the 413 over it, roles, the audit entry and the grade.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckItem, CheckResult } from "../../shared/contract";
import { addDays } from "../../shared/domain/dates";
import { LIST_TYPES, type ListType } from "../../shared/domain/lists";
import { SCENES, type Scene } from "../../shared/domain/scenes";
import { lookupKeys, planItem } from "../../worker/checks/plan";
import { loadCheckRows } from "../../worker/checks/queries";
import { ShardRouter } from "../../worker/shards";
import { SHARDED, TODAY, insertListEntry, insertSubject, subjectDb, uscc } from "./fixtures";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

const ALL_SCENES_OFFICER = { ...OFFICER, sub: "officer-all", name: "王五", scenes: [...SCENES] };

type Answer = CheckResult & { error: { code: string; message: string; details?: unknown } };

async function check(body: unknown, claims: Record<string, unknown> | null = ALL_SCENES_OFFICER) {
  const headers: Record<string, string> = { "content-type": "application/json", ...(claims ? bearer(await token(claims)) : {}) };
  const res = await exports.default.fetch("http://x/api/v1/checks", { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer };
}

const byRef = (items: CheckItem[], ref: string) => {
  const item = items.find((i) => i.ref === ref);
  if (!item) throw new Error(`no item ${ref}`);
  return item;
};

/**
 * The policy the catalogue must implement, written out independently of the migration: the decision a
 * subject on exactly one list gets in each scene ("pass": the list has no measure in that scene).
 */
const EXPECTED: Record<ListType, Record<Scene, string>> = {
  serious_dishonesty: { procurement: "block", bidding: "block", approval: "block", fiscal_funding: "block", honours: "block", financing: "review", supervision: "review", public_query: "flag" },
  dishonest_judgment_debtor: { procurement: "block", bidding: "block", approval: "block", fiscal_funding: "block", honours: "block", financing: "review", supervision: "flag", public_query: "flag" },
  abnormal_operation: { procurement: "review", bidding: "review", approval: "review", fiscal_funding: "review", honours: "review", financing: "flag", supervision: "review", public_query: "flag" },
  key_supervision: { procurement: "review", bidding: "review", approval: "block", fiscal_funding: "review", honours: "review", financing: "flag", supervision: "review", public_query: "pass" },
  major_tax_violation: { procurement: "block", bidding: "review", approval: "review", fiscal_funding: "block", honours: "block", financing: "review", supervision: "flag", public_query: "flag" },
  procurement_violation: { procurement: "block", bidding: "review", approval: "pass", fiscal_funding: "flag", honours: "review", financing: "flag", supervision: "flag", public_query: "flag" },
  red_list: { procurement: "benefit", bidding: "benefit", approval: "benefit", fiscal_funding: "benefit", honours: "benefit", financing: "benefit", supervision: "benefit", public_query: "pass" },
};

const ONE_LIST: Record<ListType, string> = Object.fromEntries(LIST_TYPES.map((t) => [t, uscc("500103")])) as Record<ListType, string>;
const CLEAN = uscc("500112");
const C = {
  seriousAndRed: uscc("500105"),
  abnormalAndRed: uscc("500105"),
  redWithExpiredNegative: uscc("500105"),
  redWithRemovedNegative: uscc("500105"),
  redWithRepairedNegative: uscc("500105"),
  threeNegatives: uscc("500106"),
  onlyStale: uscc("500106"),
  expiredRed: uscc("500106"),
  removalToday: uscc("500106"),
  graded: uscc("500107"),
  gradedCancelled: uscc("500107"),
};
const LEGACY = "91350100M0001TGQXM";
const PERSON_ID = "11010519491231002X";

beforeAll(async () => {
  let n = 0;
  const doc = () => `渝信测〔2026〕${++n}号`;
  for (const listType of LIST_TYPES) {
    const id = await insertSubject({ code: ONE_LIST[listType], name: `重庆单一名单${listType}有限公司` });
    await insertListEntry(id, { listType, docNo: doc() });
  }
  await insertSubject({ code: CLEAN, name: "重庆渝北清风建筑工程有限公司", region: "500112" });

  const add = async (code: string, name: string, entries: { listType: ListType; status?: string; plannedRemovalOn?: string | null }[]) => {
    const id = await insertSubject({ code, name });
    for (const e of entries) await insertListEntry(id, { ...e, docNo: doc() });
    return id;
  };
  const expired = addDays(TODAY, -1);
  await add(C.seriousAndRed, "重庆严重失信兼红名单有限公司", [{ listType: "serious_dishonesty" }, { listType: "red_list" }]);
  await add(C.abnormalAndRed, "重庆异常兼红名单有限公司", [{ listType: "abnormal_operation" }, { listType: "red_list" }]);
  await add(C.redWithExpiredNegative, "重庆红名单过期异常有限公司", [{ listType: "red_list" }, { listType: "abnormal_operation", plannedRemovalOn: expired }]);
  await add(C.redWithRemovedNegative, "重庆红名单已移出失信有限公司", [{ listType: "red_list" }, { listType: "serious_dishonesty", status: "removed" }]);
  await add(C.redWithRepairedNegative, "重庆红名单已修复失信有限公司", [{ listType: "red_list" }, { listType: "dishonest_judgment_debtor", status: "repaired" }]);
  await add(C.threeNegatives, "重庆三项失信有限公司", [{ listType: "abnormal_operation" }, { listType: "key_supervision" }, { listType: "dishonest_judgment_debtor" }]);
  await add(C.onlyStale, "重庆只有失效名单有限公司", [
    { listType: "serious_dishonesty", plannedRemovalOn: expired },
    { listType: "procurement_violation", status: "removed" },
    { listType: "major_tax_violation", status: "repaired" },
  ]);
  await add(C.expiredRed, "重庆红名单已到期有限公司", [{ listType: "red_list", plannedRemovalOn: expired }]);
  await add(C.removalToday, "重庆今日移出有限公司", [{ listType: "procurement_violation", plannedRemovalOn: TODAY }]);

  const graded = await add(C.graded, "重庆有评价等级有限公司", []);
  await env.DB.batch([
    // The evaluation capability may already ship a published v1; the check only reads its results.
    env.DB.prepare("INSERT OR IGNORE INTO evaluation_models (version, status, definition, published_at) VALUES ('v1', 'published', '{}', '2026-01-01T00:00:00.000Z')"),
    env.DB.prepare(
      "INSERT INTO ingest_batches (id, kind, source_unit_name, source_unit_code, received_at, status) VALUES (7, 'list_entries', '重庆市发展和改革委员会', '11500000MB1541618P', '2026-11-20T02:00:00.000Z', 'done'), (8, 'records', '重庆市发展和改革委员会', '11500000MB1541618P', '2026-11-26T02:00:00.000Z', 'receiving')",
    ),
  ]);
  const modelId = (await env.DB.prepare(`SELECT id FROM evaluation_models WHERE version = 'v1'`).first<number>("id"))!;
  // Results live with their subject (its shard in the worker-shards project), models in the control database.
  const results = subjectDb(graded);
  await results.batch([
    results.prepare(`INSERT INTO evaluation_results (subject_id, model_id, grade, score, explanation, data_version, computed_at, current) VALUES (?1, ?2, 'C', 615, '{}', '1', '2026-01-02T00:00:00.000Z', 0)`).bind(graded, modelId),
    results.prepare(`INSERT INTO evaluation_results (subject_id, model_id, grade, score, explanation, data_version, computed_at, current) VALUES (?1, ?2, 'A', 925, '{}', '2', '2026-06-02T00:00:00.000Z', 1)`).bind(graded, modelId),
  ]);
  // A grade computed before the subject was 注销 (cancelled): no longer shown (已注销，不予评价).
  const cancelled = await add(C.gradedCancelled, "重庆已注销有评价有限公司", []);
  const cancelledDb = subjectDb(cancelled);
  await cancelledDb.batch([
    cancelledDb.prepare("UPDATE subjects SET registration_status = '注销' WHERE id = ?1").bind(cancelled),
    cancelledDb.prepare(`INSERT INTO evaluation_results (subject_id, model_id, grade, score, explanation, data_version, computed_at, current) VALUES (?1, ?2, 'B', 800, '{}', '2', '2026-06-02T00:00:00.000Z', 1)`).bind(cancelled, modelId),
  ]);

  await insertSubject({ code: LEGACY, name: "福建早期试点有限公司", region: "350100", legacy: true });
  const person = await insertSubject({ code: PERSON_ID, name: "李某某", kind: "natural_person", codeType: "id_number", region: "110105" });
  await insertListEntry(person, { listType: "dishonest_judgment_debtor", docNo: "（2025）渝0103执1234号" });
  // Two subjects share a name: a name check must not pick either.
  await insertSubject({ code: uscc("500108"), name: "重庆同名建材有限公司" });
  await insertSubject({ code: uscc("500109"), name: "重庆同名建材有限公司" });
  // Seven share another: only five candidates are listed.
  for (let i = 0; i < 7; i++) await insertSubject({ code: uscc("500110"), name: "重庆七家同名商贸有限公司" });
  await insertSubject({ code: uscc("500111"), name: "重庆渝信（集团）有限公司" });
});

describe("the decision for every scene and list type", () => {
  for (const scene of SCENES) {
    it(`${scene}: one subject per list, and a clean one`, async () => {
      const items = [...LIST_TYPES.map((t) => ({ ref: t, code: ONE_LIST[t] })), { ref: "clean", code: CLEAN }];
      const { status, body } = await check({ scene, purpose: "CQZC-2026-0381", items });
      expect(status).toBe(200);
      for (const listType of LIST_TYPES) {
        const item = byRef(body.items, listType);
        expect(item.decision, `${listType} in ${scene}`).toBe(EXPECTED[listType][scene]);
        expect(item.hits.map((h) => h.listType)).toEqual([listType]);
        // Every applied measure belongs to the hit list, and names its legal basis.
        for (const m of item.measures) {
          expect(m.listType).toBe(listType);
          expect(m.legalBasis.length).toBeGreaterThan(3);
        }
        expect(item.measures.length > 0).toBe(EXPECTED[listType][scene] !== "pass");
      }
      expect(byRef(body.items, "clean")).toMatchObject({ status: "ok", decision: "pass", decisionLabel: "通过", hits: [], measures: [] });
    });
  }

  it("shows every hit with its reason, basis, authority, document number and dates", async () => {
    const { body } = await check({ scene: "政府采购", purpose: "CQZC-2026-0381", items: [{ ref: "1", code: ONE_LIST.procurement_violation }] });
    const hit = body.items[0]!.hits[0]!;
    expect(hit).toMatchObject({
      listType: "procurement_violation",
      listName: "政府采购严重违法失信行为记录",
      polarity: "negative",
      reason: "提供虚假材料骗取行政许可",
      legalBasis: "《严重违法失信名单管理办法》第二条",
      authority: { name: "重庆市渝中区市场监督管理局" },
    });
    expect(hit.docNo).toMatch(/^渝信测〔2026〕\d+号$/);
    expect(hit.listedOn < TODAY).toBe(true);
    expect(hit.plannedRemovalOn! > TODAY).toBe(true);
    expect(body.items[0]!.measures[0]).toMatchObject({ effect: "block", effectLabel: "不得参与" });
    expect(body.items[0]!.measures[0]!.legalBasis).toContain("政府采购法》第二十二条、第七十七条");
  });
});

describe("combinations", () => {
  const run = async (scene: string, code: string) => (await check({ scene, purpose: "XM-2026-12", items: [{ ref: "x", code }] })).body.items[0]!;

  it("the strictest effect wins and measures come strictest first", async () => {
    const item = await run("procurement", C.threeNegatives);
    expect(item.decision).toBe("block");
    expect(item.measures.map((m) => m.effect)).toEqual(["block", "review", "review"]);
    expect(item.hits.map((h) => h.listType).sort()).toEqual(["abnormal_operation", "dishonest_judgment_debtor", "key_supervision"]);
  });

  it("a red-list entry gives no benefit beside a negative hit", async () => {
    const serious = await run("procurement", C.seriousAndRed);
    expect(serious.decision).toBe("block");
    expect(serious.measures.some((m) => m.effect === "benefit")).toBe(false);
    expect(serious.hits.map((h) => h.listType).sort()).toEqual(["red_list", "serious_dishonesty"]);
    const abnormal = await run("approval", C.abnormalAndRed);
    expect(abnormal.decision).toBe("review");
    expect(abnormal.measures.map((m) => m.effect)).toEqual(["review"]);
  });

  it("expired, removed and repaired entries are ignored, so the red list counts again", async () => {
    for (const code of [C.redWithExpiredNegative, C.redWithRemovedNegative, C.redWithRepairedNegative]) {
      const item = await run("approval", code);
      expect(item.decision, code).toBe("benefit");
      expect(item.hits.map((h) => h.listType)).toEqual(["red_list"]);
      expect(item.measures[0]!.text).toContain("容缺受理");
    }
  });

  it("a subject with only stale entries passes, for officers and admins alike", async () => {
    expect(await run("procurement", C.onlyStale)).toMatchObject({ decision: "pass", hits: [], measures: [] });
    const admin = await check({ scene: "procurement", items: [{ ref: "x", code: C.onlyStale }] }, ADMIN);
    expect(admin.body.items[0]).toMatchObject({ decision: "pass", hits: [] });
    expect(await run("approval", C.expiredRed)).toMatchObject({ decision: "pass", hits: [] });
  });

  it("an entry whose planned removal is today still counts today", async () => {
    expect((await run("procurement", C.removalToday)).decision).toBe("block");
  });
});

describe("resolution", () => {
  it("resolves a name held by exactly one subject, refuses to choose between namesakes, and says what it found", async () => {
    const { body } = await check({
      scene: "招标投标",
      purpose: "ZB-2026-0007",
      items: [
        { ref: "unique", name: " 重庆渝北清风建筑工程有限公司 " },
        { ref: "brackets", name: "重庆渝信(集团)有限公司" },
        { ref: "two", name: "重庆同名建材有限公司" },
        { ref: "seven", name: "重庆七家同名商贸有限公司" },
        { ref: "none", name: "重庆查无此名有限公司" },
        { ref: "person", name: "李某某" },
      ],
    });
    expect(byRef(body.items, "unique")).toMatchObject({ status: "ok", subject: { code: CLEAN }, decision: "pass" });
    expect(byRef(body.items, "brackets")).toMatchObject({ status: "ok", subject: { name: "重庆渝信（集团）有限公司" } });
    const two = byRef(body.items, "two");
    expect(two).toMatchObject({ status: "ambiguous", subject: null, decision: null, hits: [] });
    expect(two.candidates).toHaveLength(2);
    expect(two.message).toContain("2 个主体");
    const seven = byRef(body.items, "seven");
    expect(seven.candidates).toHaveLength(5);
    expect(seven.message).toContain("7 个主体");
    expect(byRef(body.items, "none")).toMatchObject({ status: "not_found", subject: null });
    // Natural persons are never matched by name.
    expect(byRef(body.items, "person").status).toBe("not_found");
  });

  it("checks by code when both are given, and says when the name does not match", async () => {
    const { body } = await check({
      scene: "政府采购",
      purpose: "CQZC-2026-0381",
      items: [
        { ref: "same", code: CLEAN.toLowerCase(), name: "重庆渝北清风建筑工程有限公司" },
        { ref: "other", code: CLEAN, name: "重庆另一家公司" },
      ],
    });
    expect(byRef(body.items, "same")).toMatchObject({ status: "ok", nameMatches: true });
    expect(byRef(body.items, "other")).toMatchObject({ status: "ok", nameMatches: false, subject: { code: CLEAN } });
    expect(byRef(body.items, "other").message).toContain("名称与该代码登记的名称不一致");
  });

  it("fails a malformed code on its own item, saying what is wrong", async () => {
    const wrongCheck = `${CLEAN.slice(0, 17)}${CLEAN.endsWith("0") ? "1" : "0"}`;
    const { status, body } = await check({
      scene: "政府采购",
      purpose: "CQZC-2026-0381",
      items: [
        { ref: "ok", code: CLEAN },
        { ref: "short", code: "9150010" },
        { ref: "letter", code: `${CLEAN.slice(0, 4)}I${CLEAN.slice(5)}` },
        { ref: "check", code: wrongCheck },
        { ref: "legacy-unknown", code: "91350100M0001TGQX2" },
        { ref: "id", code: "110105194912310021" },
      ],
    });
    expect(status).toBe(200);
    expect(byRef(body.items, "ok").status).toBe("ok");
    expect(byRef(body.items, "short")).toMatchObject({ status: "invalid_code", problems: [{ kind: "length" }], decision: null });
    expect(byRef(body.items, "letter").problems[0]).toMatchObject({ kind: "character", position: 5 });
    expect(byRef(body.items, "check").problems[0]).toMatchObject({ kind: "check_18", position: 18 });
    expect(byRef(body.items, "legacy-unknown").problems[0]).toMatchObject({ kind: "check_18" });
    const id = byRef(body.items, "id");
    expect(id).toMatchObject({ status: "invalid_code", input: { code: "1101051949****0021" }, problems: [{ kind: "check" }] });
    expect(JSON.stringify(body)).not.toContain("110105194912310021");
  });

  it("accepts an authoritative legacy code and a natural person's ID number, masked", async () => {
    const { body } = await check({ scene: "招标投标", purpose: "ZB-2026-0007", items: [{ ref: "legacy", code: LEGACY }, { ref: "person", code: PERSON_ID.toLowerCase() }] });
    expect(byRef(body.items, "legacy")).toMatchObject({ status: "ok", subject: { code: LEGACY, checksumLegacy: true } });
    expect(byRef(body.items, "person")).toMatchObject({ status: "ok", decision: "block", subject: { code: "1101051949****002X", codeType: "id_number" }, input: { code: "1101051949****002X" } });
    expect(JSON.stringify(body)).not.toContain(PERSON_ID);
  });

  it("gives the current grade with its model, and the data version", async () => {
    const { body } = await check({ scene: "评先评优", purpose: "PX-2026-3", items: [{ ref: "g", code: C.graded }, { ref: "n", code: CLEAN }] });
    expect(byRef(body.items, "g").grade).toEqual({ grade: "A", label: "优秀", score: 925, modelVersion: "v1", computedAt: "2026-06-02T00:00:00.000Z" });
    expect(byRef(body.items, "n").grade).toBeNull();
    const cancelled = await check({ scene: "评先评优", purpose: "PX-2026-3", items: [{ ref: "c", code: C.gradedCancelled }, { ref: "g", code: C.graded }] });
    expect(byRef(cancelled.body.items, "c").grade).toBeNull();
    expect(byRef(cancelled.body.items, "g").grade?.grade).toBe("A");
    expect(body.dataVersion).toEqual({ batchId: 7, receivedAt: "2026-11-20T02:00:00.000Z" });
    expect(body).toMatchObject({ scene: "honours", sceneLabel: "评先评优", purpose: "PX-2026-3", asOf: TODAY });
  });
});

describe("a full batch", () => {
  it("answers 100 mixed items in order, one audit entry and one stored receipt for all", async () => {
    const MALFORMED = ["9150010", "91500103MA5U3K9L2", "9150010OMA5U3K9L2B", "ＡＢＣ", "110105194912310021", `${CLEAN.slice(0, 17)}${CLEAN.endsWith("0") ? "1" : "0"}`];
    const valid = [CLEAN, ...Object.values(ONE_LIST), ...Object.values(C), LEGACY, PERSON_ID];
    const items: { ref: string; code?: string; name?: string }[] = [];
    const expected: string[] = [];
    let nextValid = 0;
    for (let i = 0; i < 100; i++) {
      const ref = `投标人-${String(i + 1).padStart(3, "0")}`;
      switch (i % 5) {
        case 0:
        case 1:
          items.push({ ref, code: valid[nextValid++ % valid.length]! });
          expected.push("ok");
          break;
        case 2:
          items.push({ ref, code: MALFORMED[Math.floor(i / 5) % MALFORMED.length]! });
          expected.push("invalid_code");
          break;
        case 3:
          items.push({ ref, code: uscc("500199") }); // valid, but nobody holds it
          expected.push("not_found");
          break;
        default:
          items.push(i % 3 === 0 ? { ref, name: "重庆同名建材有限公司" } : { ref, name: "重庆渝北清风建筑工程有限公司" });
          expected.push(i % 3 === 0 ? "ambiguous" : "ok");
      }
    }
    const logBefore = (await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>())!.n;
    const { status, body } = await check({ scene: "政府采购", purpose: "CQZC-2026-0100", items });
    expect(status).toBe(200);
    expect(body.items.map((i) => i.ref)).toEqual(items.map((i) => i.ref));
    expect(body.items.map((i) => i.status)).toEqual(expected);
    const counted = body.summary.block + body.summary.review + body.summary.flag + body.summary.benefit + body.summary.pass;
    expect(counted).toBe(expected.filter((s) => s === "ok").length);
    expect(body.summary.invalid_code).toBe(20);
    expect(body.summary.not_found).toBe(20);

    const logs = await env.DB.prepare("SELECT id, receipt_number, route, scene, purpose FROM query_log WHERE id > ?1").bind(logBefore).all<{ id: number; receipt_number: string; route: string; scene: string; purpose: string }>();
    expect(logs.results).toHaveLength(1);
    const log = logs.results[0]!;
    expect(log).toMatchObject({ receipt_number: body.receipt.number, route: "POST /api/v1/checks", scene: "procurement", purpose: "CQZC-2026-0100" });
    const logged = await env.DB.prepare("SELECT subject_code FROM query_log_subjects WHERE log_id = ?1 ORDER BY subject_code").bind(log.id).all<{ subject_code: string }>();
    const resolved = [...new Set(body.items.flatMap((i) => (i.subject ? [i.subject.code] : [])))].sort();
    expect(logged.results.map((r) => r.subject_code)).toEqual(resolved);
    expect(resolved).toContain("1101051949****002X");
    expect(resolved).not.toContain(PERSON_ID);

    const receipt = await env.DB.prepare("SELECT number, item_count, scene, actor, kid FROM receipts WHERE number = ?1").bind(body.receipt.number).first();
    expect(receipt).toMatchObject({ item_count: 100, scene: "procurement", actor: "officer-all", kid: body.receipt.kid });
  });

  it("refuses 101 items with 413 saying the maximum, and writes nothing", async () => {
    const logBefore = (await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>())!.n;
    const receiptsBefore = (await env.DB.prepare("SELECT count(*) AS n FROM receipts").first<{ n: number }>())!.n;
    const items = Array.from({ length: 101 }, (_, i) => ({ ref: String(i), code: CLEAN }));
    const { status, body } = await check({ scene: "政府采购", purpose: "CQZC-2026-0101", items });
    expect(status).toBe(413);
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toContain("最多核查 100 个");
    expect(body.error.details).toEqual({ maxItems: 100, items: 101 });
    // Still 413 when the items are otherwise invalid too: the size is what to fix first.
    const junk = await check({ scene: "不存在的场景", items: Array.from({ length: 150 }, () => ({})) });
    expect(junk.status).toBe(413);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>())!.n).toBe(logBefore);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM receipts").first<{ n: number }>())!.n).toBe(receiptsBefore);
  });

  it("refuses malformed requests with 400 naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ scene: "政府采购", purpose: "x", items: [] }, "body.items"],
      [{ scene: "政府采购", purpose: "x", items: [{ ref: "a" }] }, "body.items.0.code"],
      [{ scene: "政府采购", purpose: "x", items: [{ ref: "a", code: CLEAN }, { ref: "a", code: CLEAN }] }, "body.items.1.ref"],
      [{ scene: "政府采购", purpose: "x", items: [{ ref: "r".repeat(101), code: CLEAN }] }, "body.items.0.ref"],
      [{ purpose: "x", items: [{ ref: "a", code: CLEAN }] }, "body.scene"],
      [{ scene: "月球采购", purpose: "x", items: [{ ref: "a", code: CLEAN }] }, "body.scene"],
      [{ scene: "政府采购", items: [{ ref: "a", code: CLEAN }] }, "body.purpose"],
    ];
    for (const [body, field] of cases) {
      const res = await check(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
      expect((res.body.error.details as { field: string }[]).map((d) => d.field)).toContain(field);
    }
  });
});

describe("who may check", () => {
  const body = { scene: "政府采购", purpose: "CQZC-2026-0381", items: [{ ref: "1", code: CLEAN }] };
  it("the public gets 401, data providers 403", async () => {
    expect((await check(body, null)).status).toBe(401);
    const provider = await check(body, PROVIDER);
    expect(provider.status).toBe(403);
    expect(provider.body.error.code).toBe("forbidden");
  });
  it("officers only in the scenes their token grants; admins in any scene without a purpose", async () => {
    const outside = await check({ ...body, scene: "融资授信" }, OFFICER);
    expect(outside.status).toBe(403);
    expect(outside.body.error.message).toContain("融资授信");
    expect((await check(body, OFFICER)).status).toBe(200);
    const admin = await check({ scene: "financing", items: body.items }, ADMIN);
    expect(admin.status).toBe(200);
    expect(admin.body.purpose).toBeNull();
  });
});

describe("one round trip per batch", () => {
  /** Counts what the batch asks of D1 (the real database answers every call). */
  function counting(db: D1Database) {
    const calls = { prepare: 0, batch: 0, other: 0 };
    const proxy = new Proxy(db, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (prop === "prepare") calls.prepare++;
          else if (prop === "batch") calls.batch++;
          else calls.other++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return { db: proxy, calls };
  }

  // One database only: over shards it is one batch per shard plus one on DB (tests/worker-shards/sharding.test.ts).
  it.skipIf(SHARDED)("asks one statement per table in one batch, for 1 item as for 100", async () => {
    const one = [planItem({ ref: "1", code: CLEAN })];
    const hundred = Array.from({ length: 100 }, (_, i) =>
      planItem(i % 4 === 0 ? { ref: String(i), name: "重庆同名建材有限公司" } : { ref: String(i), code: [CLEAN, ...Object.values(ONE_LIST), LEGACY, PERSON_ID][i % 10]! }),
    );
    for (const plans of [one, hundred]) {
      const { db, calls } = counting(env.DB);
      const rows = await loadCheckRows(new ShardRouter({}, db), lookupKeys(plans), "procurement", TODAY);
      expect(calls).toEqual({ prepare: 6, batch: 1, other: 0 });
      expect(rows.measures.length).toBeGreaterThan(0);
    }
    const { db } = counting(env.DB);
    const rows = await loadCheckRows(new ShardRouter({}, db), lookupKeys(hundred), "procurement", TODAY);
    expect(rows.byCode.length).toBe(10);
    expect(rows.byName.length).toBe(2);
    expect(new Set(rows.entries.map((e) => e.list_type)).size).toBe(LIST_TYPES.length);
  });
});

describe("Prefer: return=minimal", () => {
  const sha256 = async (text: string) => [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))].map((b) => b.toString(16).padStart(2, "0")).join("");
  const items = () => [{ ref: "a", code: CLEAN }, { ref: "b", code: ONE_LIST.serious_dishonesty! }, { ref: "c", code: "9150010" }];

  async function send(prefer: string | undefined) {
    const headers: Record<string, string> = { "content-type": "application/json", ...bearer(await token(ALL_SCENES_OFFICER)), ...(prefer ? { prefer } : {}) };
    const res = await exports.default.fetch("http://x/api/v1/checks", { method: "POST", headers, body: JSON.stringify({ scene: "政府采购", purpose: "CQZC-2026-0200", items: items() }) });
    const text = await res.text();
    const logged = await env.DB.prepare("SELECT answer_digest, receipt_number FROM query_log ORDER BY id DESC LIMIT 1").first<{ answer_digest: string; receipt_number: string }>();
    return { res, text, body: JSON.parse(text) as Answer, logged: logged! };
  }

  it("answers without the unsigned copy of the items; the signed receipt holds them in full and the log digests the bytes sent", async () => {
    const full = await send(undefined);
    const minimal = await send("return=minimal");
    expect(full.res.headers.get("preference-applied")).toBeNull();
    expect(minimal.res.headers.get("preference-applied")).toBe("return=minimal");
    expect(minimal.res.headers.get("vary")?.toLowerCase()).toContain("prefer");
    expect(minimal.res.headers.get("content-type")).toContain("application/json");
    expect(Object.keys(minimal.body).sort()).toEqual(Object.keys(full.body).filter((k) => k !== "items").sort());
    expect(minimal.body).not.toHaveProperty("items");
    expect(minimal.body.summary).toEqual(full.body.summary);
    expect(minimal.text.length).toBeLessThan(full.text.length);
    // The receipt is the same signed answer: its items are the full answer's.
    const signedItems = (jws: string) => (JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(jws.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")), (ch) => ch.charCodeAt(0)))) as { items: CheckItem[] }).items;
    expect(signedItems(minimal.body.receipt.jws).map((i) => [i.ref, i.status, i.decision])).toEqual(full.body.items.map((i) => [i.ref, i.status, i.decision]));
    const verified = (await (await exports.default.fetch("http://x/api/v1/receipts/verify", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jws: minimal.body.receipt.jws }) })).json()) as { valid: boolean };
    expect(verified.valid).toBe(true);
    // The query log's digest is of the exact body each caller received.
    expect(full.logged).toEqual({ answer_digest: await sha256(full.text), receipt_number: full.body.receipt.number });
    expect(minimal.logged).toEqual({ answer_digest: await sha256(minimal.text), receipt_number: minimal.body.receipt.number });
  });

  it("reads the preference among others and with spaces; anything else gets the full answer", async () => {
    expect((await send("respond-async, return = minimal; foo=bar")).body).not.toHaveProperty("items");
    expect((await send(`return="minimal"`)).body).not.toHaveProperty("items");
    expect((await send("return=representation")).body.items).toHaveLength(3);
    expect((await send("return=minimalist")).body.items).toHaveLength(3);
  });
});
