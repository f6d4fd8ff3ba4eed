/**
 * 告知承诺 from registration to verification: public on the subject's record, watched by its registrar, the
 * reminder when verifyBy comes, 属实 closing it, 不属实 becoming a 失信 record that a check applies and that
 * lowers the evaluation's 信用承诺履行 indicator.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { AlertPage, CheckResult, Commitment, PublicCommitmentList, SubjectEvaluation, WatchlistPage } from "../../shared/contract";
import { addDays } from "../../shared/domain/dates";
import { fanOut } from "../../worker/alerts/fanout";
import { runScheduled } from "../../worker/jobs";
import { OTHER_UNIT } from "../fixtures/ingest/rows";
import { TODAY, insertSubject, uscc } from "./fixtures";
import { OFFICER, TEST_DEPT, bearer, token } from "./tokens";

let clerk: Record<string, string>;
let outsider: Record<string, string>;
const call = (path: string, headers: Record<string, string>, body?: unknown) =>
  exports.default.fetch(`http://x${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const input = (code: string, ref: string, verifyBy = addDays(TODAY, 30)) => ({
  code,
  type: "涉企经营许可事项告知承诺",
  matter: "食品经营许可：承诺经营场所、设施设备和管理制度符合许可条件",
  madeOn: TODAY,
  verifyBy,
  ref,
  authorityName: "重庆市渝中区行政审批局",
});

beforeAll(async () => {
  // An approval clerk (行政审批 scene) of the test department, and an officer of another department.
  clerk = bearer(await token({ ...OFFICER, sub: "clerk-1", name: "审批窗口赵六", scenes: ["行政审批", "政府采购"] }));
  outsider = bearer(await token({ ...OFFICER, sub: "officer-9", dept: OTHER_UNIT.code, scenes: ["行政审批"] }));
});

describe("告知承诺", () => {
  it("is registered, public as 信用承诺公示, watched by its registrar, and refused twice", async () => {
    const code = uscc("500103");
    await insertSubject({ code, name: "重庆承诺食品有限公司" });
    const res = await call("/api/v1/commitments", clerk, input(code, "渝中审批〔2026〕101号"));
    expect(res.status).toBe(201);
    const c = (await res.json()) as Commitment;
    expect(c).toMatchObject({ code, status: "pending", type: "涉企经营许可事项告知承诺", ref: "渝中审批〔2026〕101号", authority: { code: TEST_DEPT }, registeredBy: "clerk-1", verification: null });
    const watches = (await (await call("/api/v1/watchlist", clerk)).json()) as WatchlistPage;
    expect(watches.items.find((w) => w.id === c.watchId)).toMatchObject({ code, source: "commitment", until: addDays(c.verifyBy!, 90) });
    const publicList = (await (await exports.default.fetch(`http://x/api/v1/subjects/${code}/commitments`)).json()) as PublicCommitmentList;
    expect(publicList.items).toEqual([expect.objectContaining({ ref: "渝中审批〔2026〕101号", status: "pending", statusLabel: "履行中（待核查）", kind: "审批替代型" })]);
    const twice = await call("/api/v1/commitments", clerk, input(code, "渝中审批〔2026〕101号"));
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ error: { code: "commitment_conflict" } });
    const early = await call("/api/v1/commitments", clerk, { ...input(code, "渝中审批〔2026〕102号"), verifyBy: addDays(TODAY, -1) });
    expect(await early.json()).toMatchObject({ error: { code: "invalid_request", details: [{ field: "body.verifyBy" }] } });
  });

  it("reminds the registrar when verifyBy arrives (daily job), once", async () => {
    const code = uscc("500104");
    await insertSubject({ code, name: "重庆到期餐饮有限公司" });
    const c = (await (await call("/api/v1/commitments", clerk, input(code, "渝中审批〔2026〕201号", addDays(TODAY, 1)))).json()) as Commitment;
    const dueAlerts = async () => ((await (await call("/api/v1/alerts", clerk)).json()) as AlertPage).items.filter((a) => a.kind === "commitment_due" && a.detail?.commitmentId === c.id);
    const daily = (days: number) => runScheduled({ cron: "10 16 * * *", scheduledTime: Date.now() + days * 86_400_000, noRetry() {} } as ScheduledController, env);
    await daily(0);
    expect(await dueAlerts()).toHaveLength(0); // not due yet
    await daily(1);
    await daily(2);
    const due = await dueAlerts();
    expect(due).toHaveLength(1);
    expect(due[0]!.summary).toContain("请登记核查结果");
  });

  it("属实 closes it as fulfilled; only the accepting department may record it, once", async () => {
    const code = uscc("500105");
    await insertSubject({ code, name: "重庆属实商贸有限公司" });
    const c = (await (await call("/api/v1/commitments", clerk, input(code, "渝中审批〔2026〕301号"))).json()) as Commitment;
    expect((await call(`/api/v1/commitments/${c.id}/verification`, outsider, { result: "属实", note: "现场核查一致" })).status).toBe(403);
    const res = await call(`/api/v1/commitments/${c.id}/verification`, clerk, { result: "属实", note: "现场核查，经营场所与承诺一致" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "fulfilled", verification: { result: "属实", verifiedBy: "clerk-1" }, falseCommitmentEntry: null });
    expect((await call(`/api/v1/commitments/${c.id}/verification`, clerk, { result: "不属实", note: "改口" })).status).toBe(409);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM list_entries WHERE subject_id = (SELECT id FROM subjects WHERE code = ?1)").bind(code).first<{ n: number }>())!.n).toBe(0);
  });

  it("不属实 becomes a 失信 record: the check in 行政审批 refuses 告知承诺, the grade's commitment indicator drops, watchers are told", async () => {
    const code = uscc("500106");
    await insertSubject({ code, name: "重庆虚假承诺商贸有限公司" });
    const evaluation = async () =>
      (await (await call(`/api/v1/evaluations/${code}?scene=行政审批&purpose=渝中审批〔2026〕401号`, clerk)).json()) as SubjectEvaluation;
    const indicator = (e: SubjectEvaluation) => e.explanation.indicators.find((i) => i.id === "commitments_kept")!;
    const check = async () =>
      ((await (await call("/api/v1/checks", clerk, { scene: "行政审批", purpose: "渝中审批〔2026〕402号", items: [{ ref: "1", code }] })).json()) as CheckResult).items[0]!;
    const before = await evaluation();
    expect((await check()).decision).toBe("pass");

    const c = (await (await call("/api/v1/commitments", clerk, input(code, "渝中审批〔2026〕401号"))).json()) as Commitment;
    const res = await call(`/api/v1/commitments/${c.id}/verification`, clerk, { result: "不属实", note: "现场核查：经营场所不符合许可条件" });
    expect(res.status).toBe(200);
    const verified = (await res.json()) as Commitment;
    expect(verified).toMatchObject({ status: "breached", statusLabel: "未履行（核查不实）", falseCommitmentEntry: { listType: "key_supervision", docNo: "渝中审批〔2026〕401号", listedOn: TODAY } });
    expect(verified.falseCommitmentEntry!.reason).toContain("虚假承诺");

    const item = await check();
    expect(item.decision).toBe("block");
    expect(item.measures.map((m) => m.text).join("")).toContain("不适用告知承诺");

    const after = await evaluation();
    expect(indicator(after).rate).toBeLessThan(indicator(before).rate);
    expect(after.score).toBeLessThan(before.score);
    expect(JSON.stringify(indicator(after))).toContain("未履行（违诺）");

    const publicList = (await (await exports.default.fetch(`http://x/api/v1/subjects/${code}/commitments`)).json()) as PublicCommitmentList;
    expect(publicList.items[0]).toMatchObject({ status: "breached", resolvedOn: TODAY });

    // The registrar watches the subject: the result and the listing reach them as alerts.
    await fanOut(env.DB, env, { now: new Date(), today: TODAY });
    const alerts = ((await (await call("/api/v1/alerts", clerk)).json()) as AlertPage).items.filter((a) => a.subject.code === code);
    // The breach lowers the grade (public and, for this 建筑业 subject, the sector overlay) once recomputed.
    expect([...new Set(alerts.map((a) => a.kind))].sort()).toEqual(["commitment_new", "commitment_updated", "grade_changed", "list_entry_new"]);
    expect(alerts.filter((a) => a.kind !== "grade_changed")).toHaveLength(3);
    expect(alerts.find((a) => a.kind === "grade_changed")!.summary).toMatch(/评价等级由 [A-E] 变为 [A-E]/);
    expect(alerts.find((a) => a.kind === "commitment_updated")!.detail).toMatchObject({ status: "breached", commitmentId: c.id });
  });
});

describe("信用承诺公示 and persons", () => {
  it("an ID number with no commitment on file answers exactly like an unknown one (no existence oracle)", async () => {
    const held = "11010519491231002X"; // GB 11643's example: valid, held here with nothing public
    await insertSubject({ code: held, name: "王某某", kind: "natural_person", codeType: "id_number" });
    const unknown = "110105194912310038"; // valid, held by nobody
    const a = await call(`/api/v1/subjects/${held}/commitments`, {});
    const b = await call(`/api/v1/subjects/${unknown}/commitments`, {});
    expect(a.status).toBe(404);
    expect(a.status).toBe(b.status);
    const [textA, textB] = [await a.text(), await b.text()];
    expect(textA).toBe(textB);
    expect(textA).not.toContain("王");
  });
});
