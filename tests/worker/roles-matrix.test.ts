/**
 * The role × route matrix: every API route answers 200 / 401 / 403 as designed for each role, with
 * otherwise valid input (so a 400 here would mean the matrix itself is wrong).
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { TODAY, insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, PROVIDER, TEST_DEPT, bearer, token } from "./tokens";

type Role = "public" | "officer" | "provider" | "admin";
interface Row {
  route: string;
  request: (code: string) => { path: string; init?: RequestInit };
  expect: Record<Role, number>;
  /** The error code of an expected answer other than 401/403 (a valid request the route's state refuses). */
  errorCode?: string;
}

const CODE = uscc("500103");
const json = (body: unknown, method = "POST"): RequestInit => ({ method, body: JSON.stringify(body), headers: { "content-type": "application/json" } });
const MEASURE = { listType: "abnormal_operation", scene: "政府采购", effect: "review", text: "要求供应商书面说明未公示年度报告的原因", legalBasis: "《企业信息公示暂行条例》第十八条" };
let v1Definition: unknown;
let version = 0;
// Repair and objection cases (issue 7): filed on records the test officer's department decided.
let filedRecord = 0;
const CASES = { repair: "", repairKey: "", objection: "", sha256: "" };
// A penalty an admin reclassifies (issue 11).
const RECORD = { id: 0 };
// Monitoring (issue 14): a watch entry and a pending 告知承诺 of the test officer, made in beforeAll.
const MONITOR = { watchId: 0, commitmentId: 0, refs: 0 };
const filing = (docNo: string) => ({ subjectCode: CODE, docNo, applicantName: "王小明", applicantContact: "13812345678", statement: "已整改", reason: "事实有误", commitmentAccepted: true });

/** Add every new API route here: the test fails for a route that is served but not in the matrix. */
const MATRIX: Row[] = [
  { route: "GET /api/v1/health", request: () => ({ path: "/api/v1/health" }), expect: { public: 200, officer: 200, provider: 200, admin: 200 } },
  // Who the token is (issue 13): the public has no identity to report.
  { route: "GET /api/v1/me", request: () => ({ path: "/api/v1/me" }), expect: { public: 401, officer: 200, provider: 200, admin: 200 } },
  { route: "GET /api/v1/search", request: () => ({ path: "/api/v1/search?q=渝信" }), expect: { public: 200, officer: 200, provider: 200, admin: 200 } },
  {
    route: "GET /api/v1/subjects/{code}",
    request: (code) => ({ path: `/api/v1/subjects/${code}?scene=政府采购&purpose=CQZC-2026-0001` }),
    expect: { public: 200, officer: 200, provider: 403, admin: 200 },
  },
  {
    route: "POST /api/v1/subjects/lookup",
    request: (code) => ({ path: "/api/v1/subjects/lookup", init: json({ code, scene: "政府采购", purpose: "CQZC-2026-0001" }) }),
    expect: { public: 200, officer: 200, provider: 403, admin: 200 },
  },
  // Bucket move (issue 12 item 4): with one database there is nothing to move to, so an admin gets 409.
  { route: "POST /api/v1/admin/shards/move", request: () => ({ path: "/api/v1/admin/shards/move", init: json({ bucket: 0, to: "SHARD_1" }) }), expect: { public: 401, officer: 403, provider: 403, admin: 409 }, errorCode: "shard_move_conflict" },
  { route: "GET /api/v1/admin/shards", request: () => ({ path: "/api/v1/admin/shards" }), expect: { public: 401, officer: 403, provider: 403, admin: 200 } },
  { route: "GET /api/v1/audit", request: () => ({ path: "/api/v1/audit" }), expect: { public: 401, officer: 403, provider: 403, admin: 200 } },
  // Checks, receipts, measures, change feed (issue 4)
  {
    route: "POST /api/v1/checks",
    request: (code) => ({ path: "/api/v1/checks", init: json({ scene: "政府采购", purpose: "CQZC-2026-0001", items: [{ ref: "1", code }] }) }),
    expect: { public: 401, officer: 200, provider: 403, admin: 200 },
  },
  { route: "POST /api/v1/receipts/verify", request: () => ({ path: "/api/v1/receipts/verify", init: json({ jws: "a.b.c" }) }), expect: { public: 200, officer: 200, provider: 200, admin: 200 } },
  { route: "GET /api/v1/subjects/{code}/report", request: (code) => ({ path: `/api/v1/subjects/${code}/report` }), expect: { public: 200, officer: 200, provider: 200, admin: 200 } },
  { route: "GET /api/v1/measures", request: () => ({ path: "/api/v1/measures?scene=政府采购" }), expect: { public: 401, officer: 200, provider: 403, admin: 200 } },
  { route: "POST /api/v1/measures", request: () => ({ path: "/api/v1/measures", init: json(MEASURE) }), expect: { public: 401, officer: 403, provider: 403, admin: 201 } },
  {
    route: "PUT /api/v1/measures/{id}",
    request: () => ({ path: "/api/v1/measures/3", init: json({ ...MEASURE, text: "作为资格审查的重要考量因素，按采购文件规定处理" }, "PUT") }),
    expect: { public: 401, officer: 403, provider: 403, admin: 200 },
  },
  { route: "GET /api/v1/changes", request: () => ({ path: "/api/v1/changes?since=0" }), expect: { public: 401, officer: 200, provider: 403, admin: 200 } },
  // Evaluation, supervision tiers, reports (issue 5)
  {
    route: "GET /api/v1/evaluations/{code}",
    request: (code) => ({ path: `/api/v1/evaluations/${code}?scene=政府采购&purpose=CQZC-2026-0002` }),
    expect: { public: 401, officer: 200, provider: 403, admin: 200 },
  },
  { route: "POST /api/v1/evaluations/recompute", request: () => ({ path: "/api/v1/evaluations/recompute", init: json({ maxChunks: 1 }) }), expect: { public: 401, officer: 403, provider: 403, admin: 200 } },
  { route: "GET /api/v1/evaluation-models", request: () => ({ path: "/api/v1/evaluation-models" }), expect: { public: 401, officer: 403, provider: 403, admin: 200 } },
  { route: "GET /api/v1/evaluation-models/{version}", request: () => ({ path: "/api/v1/evaluation-models/v1" }), expect: { public: 401, officer: 403, provider: 403, admin: 200 } },
  {
    route: "POST /api/v1/evaluation-models",
    request: () => ({ path: "/api/v1/evaluation-models", init: json({ version: `matrix-${++version}`, kind: "public", definition: v1Definition }) }),
    expect: { public: 401, officer: 403, provider: 403, admin: 201 },
  },
  {
    route: "PUT /api/v1/evaluation-models/{version}",
    request: () => ({ path: "/api/v1/evaluation-models/draft-a", init: json({ definition: v1Definition }, "PUT") }),
    expect: { public: 401, officer: 403, provider: 403, admin: 200 },
  },
  { route: "POST /api/v1/evaluation-models/{version}/dry-run", request: () => ({ path: "/api/v1/evaluation-models/draft-a/dry-run", init: { method: "POST" } }), expect: { public: 401, officer: 403, provider: 403, admin: 200 } },
  { route: "POST /api/v1/evaluation-models/{version}/publish", request: () => ({ path: "/api/v1/evaluation-models/draft-b/publish", init: { method: "POST" } }), expect: { public: 401, officer: 403, provider: 403, admin: 200 } },
  // Officers sample only in the 日常监管 scene, which the test officer's token does not grant.
  { route: "POST /api/v1/inspections/sample", request: () => ({ path: "/api/v1/inspections/sample", init: json({ size: 5, seed: 7, purpose: "双随机-2026-11" }) }), expect: { public: 401, officer: 403, provider: 403, admin: 200 } },
  { route: "GET /api/v1/reports/grades", request: () => ({ path: "/api/v1/reports/grades" }), expect: { public: 401, officer: 403, provider: 403, admin: 200 } },
  // Ingest (issue 6): the provider's token carries the source unit the test file's rows come from.
  {
    route: "POST /api/v1/ingest/{kind}",
    request: () => ({
      path: "/api/v1/ingest/penalties",
      init: { method: "POST", body: penaltyCsv([penaltyRow(1, TODAY)]), headers: { "content-type": "text/csv" } },
    }),
    expect: { public: 401, officer: 403, provider: 200, admin: 200 },
  },
  { route: "GET /api/v1/ingest/batches/{id}", request: () => ({ path: "/api/v1/ingest/batches/2" }), expect: { public: 401, officer: 403, provider: 200, admin: 200 } },
  { route: "GET /api/v1/ingest/severity-rules", request: () => ({ path: "/api/v1/ingest/severity-rules" }), expect: { public: 401, officer: 403, provider: 200, admin: 200 } },
  {
    route: "PUT /api/v1/ingest/severity-rules",
    request: () => ({
      path: "/api/v1/ingest/severity-rules",
      init: json({ seriousKinds: ["吊销许可证件", "限制从业", "责令关闭", "责令停产停业", "限制开展生产经营活动", "降低资质等级", "行政拘留"], seriousFineWan: 100, minorKinds: ["警告", "通报批评"], minorFineWan: 0.3 }, "PUT"),
    }),
    expect: { public: 401, officer: 403, provider: 403, admin: 200 },
  },
  {
    route: "POST /api/v1/records/{id}/classification",
    request: () => ({ path: `/api/v1/records/${RECORD.id}/classification`, init: json({ severity: "一般", note: "依据处罚决定书复核" }) }),
    expect: { public: 401, officer: 403, provider: 403, admin: 200 },
  },
  // Repair and objections (issue 7): anyone files; only the deciding department's officers decide, admins oversee.
  { route: "POST /api/v1/repairs", request: () => ({ path: "/api/v1/repairs", init: json(filing(`MATRIX-${++filedRecord}`)) }), expect: { public: 201, officer: 201, provider: 201, admin: 201 } },
  { route: "POST /api/v1/objections", request: () => ({ path: "/api/v1/objections", init: json(filing(`MATRIX-${++filedRecord}`)) }), expect: { public: 201, officer: 201, provider: 201, admin: 201 } },
  { route: "GET /api/v1/cases/{tracking}", request: () => ({ path: `/api/v1/cases/${CASES.repair}?k=${CASES.repairKey}` }), expect: { public: 200, officer: 200, provider: 200, admin: 200 } },
  { route: "GET /api/v1/cases/{tracking}/files/{sha256}", request: () => ({ path: `/api/v1/cases/${CASES.repair}/files/${CASES.sha256}` }), expect: { public: 401, officer: 200, provider: 403, admin: 200 } },
  { route: "GET /api/v1/cases", request: () => ({ path: "/api/v1/cases?state=submitted" }), expect: { public: 401, officer: 200, provider: 403, admin: 200 } },
  { route: "GET /api/v1/cases/stats", request: () => ({ path: "/api/v1/cases/stats" }), expect: { public: 401, officer: 403, provider: 403, admin: 200 } },
  // The working-day calendar (issue 11)
  { route: "GET /api/v1/calendar/{year}", request: () => ({ path: "/api/v1/calendar/2027" }), expect: { public: 401, officer: 200, provider: 403, admin: 200 } },
  {
    route: "PUT /api/v1/calendar/{year}",
    request: () => ({ path: "/api/v1/calendar/2031", init: json({ source: "测试用安排（非国务院办公厅正式通知）", holidays: ["2031-01-01"], workdays: [] }, "PUT") }),
    expect: { public: 401, officer: 403, provider: 403, admin: 200 },
  },
  { route: "POST /api/v1/repairs/{tracking}/accept", request: () => ({ path: `/api/v1/repairs/${CASES.repair}/accept`, init: { method: "POST" } }), expect: { public: 401, officer: 200, provider: 403, admin: 403 } },
  {
    route: "POST /api/v1/repairs/{tracking}/decision",
    request: () => ({ path: `/api/v1/repairs/${CASES.repair}/decision`, init: json({ outcome: "refused", reason: "材料不全" }) }),
    expect: { public: 401, officer: 200, provider: 403, admin: 403 },
  },
  {
    route: "POST /api/v1/objections/{tracking}/decision",
    request: () => ({ path: `/api/v1/objections/${CASES.objection}/decision`, init: json({ outcome: "dismissed", reason: "经核实无误" }) }),
    expect: { public: 401, officer: 200, provider: 403, admin: 403 },
  },
  // Monitoring (issue 14): officers watch and read their alerts; admins read watchlists; 信用承诺公示 is public.
  {
    route: "POST /api/v1/watchlist",
    request: (code) => ({ path: "/api/v1/watchlist", init: json({ code, reason: "CQZC-2026-0001", until: TODAY }) }),
    expect: { public: 401, officer: 200, provider: 403, admin: 403 },
  },
  { route: "GET /api/v1/watchlist", request: () => ({ path: "/api/v1/watchlist" }), expect: { public: 401, officer: 200, provider: 403, admin: 200 } },
  { route: "DELETE /api/v1/watchlist/{id}", request: () => ({ path: `/api/v1/watchlist/${MONITOR.watchId}`, init: { method: "DELETE" } }), expect: { public: 401, officer: 204, provider: 403, admin: 403 } },
  { route: "GET /api/v1/alerts", request: () => ({ path: "/api/v1/alerts?unread=true" }), expect: { public: 401, officer: 200, provider: 403, admin: 403 } },
  { route: "POST /api/v1/alerts/read", request: () => ({ path: "/api/v1/alerts/read", init: json({ all: true }) }), expect: { public: 401, officer: 200, provider: 403, admin: 403 } },
  {
    route: "POST /api/v1/commitments",
    request: (code) => ({
      path: "/api/v1/commitments",
      init: json({ code, type: "证明事项告知承诺", matter: "证明事项告知承诺：承诺无拖欠农民工工资记录", madeOn: TODAY, verifyBy: TODAY, ref: `MATRIX-CN-${++MONITOR.refs}` }),
    }),
    // The matrix officer's token grants 政府采购 and 招标投标 only: registering needs 行政审批 (security review M1);
    // the 201 with the scene is in privacy-review.test.ts.
    expect: { public: 401, officer: 403, provider: 403, admin: 403 },
  },
  {
    route: "POST /api/v1/commitments/{id}/verification",
    request: () => ({ path: `/api/v1/commitments/${MONITOR.commitmentId}/verification`, init: json({ result: "属实", note: "现场核查一致" }) }),
    expect: { public: 401, officer: 200, provider: 403, admin: 403 },
  },
  { route: "GET /api/v1/subjects/{code}/commitments", request: (code) => ({ path: `/api/v1/subjects/${code}/commitments` }), expect: { public: 200, officer: 200, provider: 200, admin: 200 } },
];

const tokens: Partial<Record<Role, string>> = {};
beforeAll(async () => {
  const subjectId = await insertSubject({ code: CODE, name: "重庆渝信建设有限公司" });
  for (let n = 1; n <= 10; n++) await insertPenalty(subjectId, { docNo: `MATRIX-${n}`, monthsAgo: 5 });
  await env.DB.prepare("UPDATE records SET authority_code = ?1 WHERE doc_no LIKE 'MATRIX-%'").bind(TEST_DEPT).run();
  RECORD.id = (await env.DB.prepare("SELECT id FROM records WHERE doc_no = 'MATRIX-10'").first<{ id: number }>())!.id;
  MONITOR.watchId = (await env.DB.prepare("INSERT INTO watch_entries (watcher, subject_id, reason, until, created_at) VALUES ('officer-1', ?1, 'MATRIX', '2099-12-31', ?2) RETURNING id").bind(subjectId, new Date().toISOString()).first<{ id: number }>())!.id;
  MONITOR.commitmentId = (await env.DB.prepare(
    "INSERT INTO commitments (subject_id, kind, matter, authority_name, authority_code, doc_no, committed_on, due_on, registered_by) VALUES (?1, '审批替代型', '食品经营许可告知承诺', '测试部门', ?2, 'MATRIX-CM-1', ?3, ?3, 'officer-1') RETURNING id",
  ).bind(subjectId, TEST_DEPT, TODAY).first<{ id: number }>())!.id;
  tokens.officer = await token(OFFICER);
  tokens.provider = await token(PROVIDER);
  tokens.admin = await token(ADMIN);
  // Two draft models for the edit, dry-run and publish rows.
  v1Definition = (await env.DB.prepare("SELECT definition FROM evaluation_models WHERE version = 'v1'").first<{ definition: string }>())!.definition;
  v1Definition = JSON.parse(v1Definition as string);
  for (const draft of ["draft-a", "draft-b"]) {
    const res = await exports.default.fetch("http://x/api/v1/evaluation-models", { ...json({ version: draft, kind: "public", definition: v1Definition }), headers: { "content-type": "application/json", ...bearer(tokens.admin) } });
    if (res.status !== 201) throw new Error(`could not create ${draft}: ${await res.text()}`);
  }
  // The repair case carries one evidence file (multipart), for the download row.
  const form = new FormData();
  for (const [k, v] of Object.entries(filing("MATRIX-9"))) form.set(k, String(v));
  const pdf = new TextEncoder().encode("%PDF-1.7 matrix");
  form.append("files", new File([pdf], "凭证.pdf", { type: "application/pdf" }));
  const repair = (await (await exports.default.fetch("http://x/api/v1/repairs", { method: "POST", body: form })).json()) as { tracking: string; accessKey: string };
  CASES.repair = repair.tracking;
  CASES.repairKey = repair.accessKey;
  CASES.sha256 = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", pdf)), (b) => b.toString(16).padStart(2, "0")).join("");
  const objection = await exports.default.fetch("http://x/api/v1/objections", json(filing("MATRIX-10")));
  CASES.objection = ((await objection.json()) as { tracking: string }).tracking;
});

describe("role × route matrix", () => {
  for (const row of MATRIX) {
    for (const role of ["public", "officer", "provider", "admin"] as const) {
      it(`${row.route} as ${role} → ${row.expect[role]}`, async () => {
        const { path, init = {} } = row.request(CODE);
        const headers = { ...(init.headers as Record<string, string> | undefined), ...(tokens[role] ? bearer(tokens[role]!) : {}), "cf-connecting-ip": `192.0.2.${Math.floor(Math.random() * 250)}` };
        const res = await exports.default.fetch(`http://x${path}`, { ...init, headers });
        const body = await res.text();
        expect(res.status, body.slice(0, 300)).toBe(row.expect[role]);
        if (res.status >= 400) expect(JSON.parse(body)).toMatchObject({ error: { code: res.status === 401 ? "unauthorized" : res.status === 403 ? "forbidden" : row.errorCode } });
      });
    }
  }

  it("covers every API route the app serves", async () => {
    const { app } = await import("../../worker/index");
    const served = new Set(
      app.routes.filter((r) => r.path.startsWith("/api/") && r.method !== "ALL").map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`),
    );
    expect(new Set(MATRIX.map((r) => r.route))).toEqual(served);
  });
});
