/**
 * The case queues and statistics, the public pages (find → file → follow), and signed webhooks with retries
 * (the receiver, which we do not own, is the only stand-in).
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { CaseStats, CaseSummary } from "../../shared/contract";
import { addWorkingDays } from "../../shared/domain/workdays";
import { acceptRepair, fileRepair } from "../../worker/repair/service";
import { deliverDue, MAX_ATTEMPTS } from "../../worker/webhooks/deliveries";
import { signatureHeader, verifySignature } from "../../worker/webhooks/sign";
import type { Env } from "../../worker/env";
import { AUTHORITY, TODAY, insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, bearer, token } from "./tokens";
import { ShardRouter } from "../../worker/shards";

/** The services take the shard router; in this project the control database is the only shard. */
const router = () => new ShardRouter(env, env.DB, (db) => db);

const DECIDER = { role: "officer", sub: "officer-cases", name: "李四", dept: AUTHORITY.code, scenes: ["政府采购"] };
const SUBJECT = uscc("500103");
let decider: Record<string, string>;
let admin: Record<string, string>;
let ip = 0;

async function call<T>(path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T }> {
  const res = await exports.default.fetch(`http://x${path}`, {
    method: init.body === undefined ? "GET" : "POST",
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    headers: { "content-type": "application/json", "cf-connecting-ip": `192.0.2.${++ip % 250}`, ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as T };
}
const filing = (docNo: string) => ({ subjectCode: SUBJECT, docNo, applicantName: "王小明", applicantContact: "13812345678", statement: "已整改", reason: "金额有误", commitmentAccepted: true as const });

beforeAll(async () => {
  decider = bearer(await token(DECIDER));
  admin = bearer(await token(ADMIN));
  const id = await insertSubject({ code: SUBJECT, name: "重庆渝中同心餐饮有限公司" });
  for (let n = 1; n <= 12; n++) await insertPenalty(id, { docNo: `渝中市监罚〔2026〕5${String(n).padStart(2, "0")}号`, monthsAgo: 5 });
});

describe("queues and statistics", () => {
  let overdue: string;
  beforeAll(async () => {
    overdue = (await call<{ tracking: string }>("/api/v1/repairs", { body: filing("渝中市监罚〔2026〕501号") })).body.tracking;
    await call("/api/v1/repairs", { body: filing("渝中市监罚〔2026〕502号") });
    await call("/api/v1/objections", { body: filing("渝中市监罚〔2026〕503号") });
    await call("/api/v1/objections", { body: filing("渝中市监罚〔2026〕504号") });
    await env.DB.prepare("UPDATE repair_cases SET deadline = '2026-01-05', submitted_on = '2025-12-30' WHERE tracking = ?1").bind(overdue).run();
  });

  it("the deciding officer's queue: overdue first, then by deadline; other departments see none of it", async () => {
    const mine = (await call<{ items: CaseSummary[] }>("/api/v1/cases", { headers: decider })).body.items;
    expect(mine.length).toBe(4);
    expect(mine[0]).toMatchObject({ tracking: overdue, overdue: true });
    expect(mine.slice(1).every((i) => !i.overdue && i.deadline >= TODAY)).toBe(true);
    const other = (await call<{ items: CaseSummary[] }>("/api/v1/cases", { headers: bearer(await token(OFFICER)) })).body.items;
    expect(other).toEqual([]);
    const onlyOverdue = (await call<{ items: CaseSummary[] }>("/api/v1/cases?overdue=true", { headers: admin })).body.items;
    expect(onlyOverdue.map((i) => i.tracking)).toEqual([overdue]);
    const objections = (await call<{ items: CaseSummary[] }>("/api/v1/cases?kind=objection", { headers: admin })).body.items;
    expect(objections.map((i) => i.kind)).toEqual(["objection", "objection"]);
  });

  it("有效异议占比 and average handling time in working days", async () => {
    const items = (await call<{ items: CaseSummary[] }>("/api/v1/cases?kind=objection", { headers: admin })).body.items;
    const [a, b] = items.map((i) => i.tracking);
    expect((await call(`/api/v1/objections/${a}/decision`, { body: { outcome: "dismissed", reason: "无误" }, headers: decider })).status).toBe(200);
    expect((await call(`/api/v1/objections/${b}/decision`, { body: { outcome: "corrected", reason: "更正金额", corrections: { fineWan: 1 } }, headers: decider })).status).toBe(200);
    // One objection filed three working days before its decision.
    await env.DB.prepare("UPDATE objection_cases SET submitted_on = '2026-11-23', decided_on = '2026-11-26' WHERE tracking = ?1").bind(a).run();
    await env.DB.prepare("UPDATE objection_cases SET submitted_on = '2026-11-26', decided_on = '2026-11-27' WHERE tracking = ?1").bind(b).run();
    const stats = (await call<CaseStats>("/api/v1/cases/stats", { headers: admin })).body;
    expect(stats.objections).toEqual({ total: 2, open: 0, overdue: 0, averageWorkingDays: 2, averageProvisional: false, validShare: 0.5 });
    expect(stats.repairs).toMatchObject({ total: 2, open: 2, overdue: 1, averageWorkingDays: null });
  });
});

describe("admin page", () => {
  it("/admin/cases shows both queues with the statistics to a logged-in admin only", async () => {
    expect((await exports.default.fetch("http://x/admin/cases", { redirect: "manual" })).status).toBe(303);
    const page = await exports.default.fetch("http://x/admin/cases?kind=repair", { headers: { cookie: `cx_admin=${admin.authorization!.slice(7)}` } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("有效异议占比 50.00%");
    expect(html).toContain("（已超期）");
    expect(html).not.toContain("异议处理中</td>");
  });
});

describe("public pages", () => {
  const form = (fields: Record<string, string>, origin = "http://x") =>
    ({ method: "POST", body: new URLSearchParams(fields).toString(), headers: { "content-type": "application/x-www-form-urlencoded", origin, "cf-connecting-ip": `192.0.2.${++ip % 250}` } }) as RequestInit;

  it("/repair finds the penalty, shows the rule and the commitment, and a same-origin post leads to the case page", async () => {
    const page = await exports.default.fetch(`http://x/repair?${new URLSearchParams({ subjectCode: SUBJECT, docNo: "渝中市监罚〔2026〕505号" })}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain("信用承诺书");
    expect(html).toContain("最短公示期已满");
    const fields = { subjectCode: SUBJECT, docNo: "渝中市监罚〔2026〕505号", applicantName: "王小明", applicantContact: "13812345678", statement: "罚款已缴清" };
    const missing = await exports.default.fetch("http://x/repair", form(fields));
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("须作出信用承诺");
    const crossSite = await exports.default.fetch("http://x/repair", form({ ...fields, commitmentAccepted: "on" }, "https://evil.example"));
    expect(crossSite.status).toBe(403);
    const res = await exports.default.fetch("http://x/repair", { ...form({ ...fields, commitmentAccepted: "on" }), redirect: "manual" });
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    // The tracking page's address carries its 128-bit secret (22 base64url characters); without it, 404.
    expect(location).toMatch(/^\/cases\/XF-\d{8}-[2-9A-HJ-NP-Z]{6}\?k=[A-Za-z0-9_-]{22}$/);
    const withoutSecret = await exports.default.fetch(`http://x${location.split("?")[0]}`);
    expect(withoutSecret.status).toBe(404);
    const wrongSecret = await exports.default.fetch(`http://x${location.split("?")[0]}?k=AAAAAAAAAAAAAAAAAAAAAA`);
    expect(wrongSecret.status).toBe(404);
    const unknownHtml = await (await exports.default.fetch("http://x/cases/XF-20261127-AAAAAA")).text();
    expect(await withoutSecret.text()).toBe(unknownHtml);
    expect(await wrongSecret.text()).toBe(unknownHtml);
    const casePage = await (await exports.default.fetch(`http://x${location}`)).text();
    expect(casePage).toContain("已提交");
    expect(casePage).toContain("王**，138****5678");
    expect(casePage).toContain(addWorkingDays(TODAY, 3));
    expect(casePage).not.toContain("13812345678");
  });

  it("/repair takes evidence files from the form, and names a file of the wrong type", async () => {
    const body = (file: File) => {
      const f = new FormData();
      for (const [k, v] of Object.entries({ subjectCode: SUBJECT, docNo: "渝中市监罚〔2026〕507号", applicantName: "王小明", applicantContact: "13812345678", statement: "已缴清", commitmentAccepted: "on" })) f.set(k, v);
      f.append("files", file);
      return { method: "POST", body: f, headers: { origin: "http://x", "cf-connecting-ip": `192.0.2.${++ip % 250}` }, redirect: "manual" } as RequestInit;
    };
    const wrong = await exports.default.fetch("http://x/repair", body(new File([new TextEncoder().encode("MZ executable")], "凭证.pdf", { type: "application/pdf" })));
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("文件“凭证.pdf”不是 PDF、JPEG 或 PNG 文件");
    const res = await exports.default.fetch("http://x/repair", body(new File([new TextEncoder().encode("%PDF-1.4 凭证")], "凭证.pdf", { type: "application/pdf" })));
    expect(res.status).toBe(303);
    const tracking = res.headers.get("location")!.split("/").at(-1)!.split("?")[0]!;
    const files = await env.DB.prepare("SELECT name, type FROM case_files WHERE tracking = ?1").bind(tracking).all();
    expect(files.results).toEqual([{ name: "凭证.pdf", type: "application/pdf" }]);
  });

  it("/objection files and the subject page shows 异议处理中 beside the penalty", async () => {
    const fields = { subjectCode: SUBJECT, docNo: "渝中市监罚〔2026〕506号", applicantName: "王小明", applicantContact: "13812345678", reason: "该处罚已被撤销" };
    const res = await exports.default.fetch("http://x/objection", { ...form(fields), redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/cases\/YY-/);
    const subject = await (await exports.default.fetch(`http://x/s/${SUBJECT}`)).text();
    expect(subject).toContain("异议处理中");
    const unknown = await exports.default.fetch(`http://x/objection?${new URLSearchParams({ subjectCode: SUBJECT, docNo: "无此文号" })}`);
    expect(unknown.status).toBe(404);
    expect((await exports.default.fetch("http://x/cases/XF-20261127-AAAAAA")).status).toBe(404);
  });
});

describe("signed webhooks", () => {
  const hooked = { ...env, WEBHOOK_URL: "https://receiver.example/chayicha", WEBHOOK_SECRET: "test-webhook-secret" } as Env;
  const pending = async () => (await env.DB.prepare("SELECT id, event, attempts, status, next_attempt_at FROM webhook_deliveries ORDER BY id").all()).results;

  it("each step enqueues a signed delivery in its own batch; failures back off, then succeed", async () => {
    const now = new Date();
    const filed = await fileRepair(router(), hooked, filing("渝中市监罚〔2026〕510号"), TODAY, now);
    await acceptRepair(router(), hooked, { role: "officer", id: "officer-cases", name: "李四", department: AUTHORITY.code, scenes: ["procurement"] }, filed.tracking, now);
    expect((await pending()).map((d) => d.event)).toEqual(["repair.filed", "repair.accepted"]);
    // A step refused by the state machine enqueues nothing.
    await expect(acceptRepair(router(), hooked, { role: "officer", id: "officer-cases", name: "李四", department: AUTHORITY.code, scenes: ["procurement"] }, filed.tracking, now)).rejects.toThrow();
    expect((await pending()).length).toBe(2);

    const received: { body: string; signature: string }[] = [];
    let answer = 503;
    const receiver = (async (_url: string, init: RequestInit) => {
      received.push({ body: init.body as string, signature: (init.headers as Record<string, string>)["x-chayicha-signature"]! });
      return new Response(null, { status: answer });
    }) as unknown as typeof fetch;

    expect(await deliverDue(env.DB, hooked, now, receiver)).toBe(0);
    expect(await pending()).toEqual([
      expect.objectContaining({ attempts: 1, status: "pending", next_attempt_at: new Date(now.getTime() + 60_000).toISOString() }),
      expect.objectContaining({ attempts: 1, status: "pending" }),
    ]);
    // Not due yet: nothing is sent.
    expect(await deliverDue(env.DB, hooked, new Date(now.getTime() + 30_000), receiver)).toBe(0);
    expect(received.length).toBe(2);
    answer = 200;
    const later = new Date(now.getTime() + 61_000);
    expect(await deliverDue(env.DB, hooked, later, receiver)).toBe(2);
    expect((await pending()).map((d) => d.status)).toEqual(["delivered", "delivered"]);
    const last = received.at(-1)!;
    expect(JSON.parse(last.body)).toMatchObject({ event: "repair.accepted", tracking: filed.tracking, state: "accepted", target: { subjectCode: SUBJECT } });
    expect(await verifySignature("test-webhook-secret", last.body, last.signature, Math.floor(later.getTime() / 1000))).toBe(true);
    expect(await verifySignature("another-secret", last.body, last.signature, Math.floor(later.getTime() / 1000))).toBe(false);
  });

  it("two senders at the same moment (the request path and the retry job) deliver each row once", async () => {
    await fileRepair(router(), hooked, filing("渝中市监罚〔2026〕512号"), TODAY);
    await fileRepair(router(), hooked, filing("渝中市监罚〔2026〕509号"), TODAY);
    const due = (await env.DB.prepare("SELECT id FROM webhook_deliveries WHERE status = 'pending'").all<{ id: number }>()).results.map((r) => r.id);
    expect(due.length).toBeGreaterThanOrEqual(2);
    const sent: string[] = [];
    // A receiver that takes a moment, so both senders have read the due rows before either finishes.
    const slow = (async (_url: string, init: RequestInit) => {
      sent.push((init.headers as Record<string, string>)["x-chayicha-delivery"]!);
      await new Promise((r) => setTimeout(r, 20));
      return new Response(null, { status: 200 });
    }) as unknown as typeof fetch;
    const at = new Date(Date.now() + 60 * 86_400_000); // past every backoff: everything pending is due
    const [a, b] = await Promise.all([deliverDue(env.DB, hooked, at, slow), deliverDue(env.DB, hooked, at, slow)]);
    expect(a + b).toBe(due.length);
    expect(sent.sort()).toEqual(due.map(String).sort());
    const rows = (await env.DB.prepare("SELECT status, attempts, claimed_until FROM webhook_deliveries WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(due)).all()).results;
    expect(rows.every((r) => r.status === "delivered" && r.attempts === 1 && r.claimed_until === null)).toBe(true);
  });

  it("a claim that was never released (the sender died mid-send) expires and the row is sent again", async () => {
    await fileRepair(router(), hooked, filing("渝中市监罚〔2026〕508号"), TODAY);
    const id = (await env.DB.prepare("SELECT max(id) AS id FROM webhook_deliveries").first<{ id: number }>())!.id;
    const at = Date.now() + 60 * 86_400_000;
    await env.DB.prepare("UPDATE webhook_deliveries SET claimed_until = ?2, claimed_by = 'dead-sender' WHERE id = ?1").bind(id, new Date(at + 60_000).toISOString()).run();
    const ok = (async () => new Response(null, { status: 200 })) as unknown as typeof fetch;
    expect(await deliverDue(env.DB, hooked, new Date(at), ok)).toBe(0);
    expect(await deliverDue(env.DB, hooked, new Date(at + 61_000), ok)).toBe(1);
  });

  it("the receiver's check compares the MAC in constant time (WebCrypto verify) and refuses malformed ones", async () => {
    const body = '{"event":"repair.filed"}';
    const t = 1_795_000_000;
    const header = await signatureHeader("test-webhook-secret", body, t);
    const verify = vi.spyOn(crypto.subtle, "verify");
    try {
      expect(await verifySignature("test-webhook-secret", body, header, t)).toBe(true);
      expect(verify).toHaveBeenCalledWith("HMAC", expect.anything(), expect.anything(), expect.anything());
      const flipped = header.replace(/.$/, (c) => (c === "0" ? "1" : "0"));
      expect(await verifySignature("test-webhook-secret", body, flipped, t)).toBe(false);
      expect(await verifySignature("test-webhook-secret", body, `t=${t},v1=abc`, t)).toBe(false);
      expect(await verifySignature("test-webhook-secret", body, `t=${t},v1=${"zz".repeat(32)}`, t)).toBe(false);
      expect(await verifySignature("test-webhook-secret", body, header, t + 301)).toBe(false);
    } finally {
      verify.mockRestore();
    }
  });

  it("gives up after the last backoff step (1 min, 5 min, 30 min, 2 h, 12 h)", async () => {
    await fileRepair(router(), hooked, filing("渝中市监罚〔2026〕511号"), TODAY);
    const down = (async () => {
      throw new Error("connection refused");
    }) as unknown as typeof fetch;
    let at = Date.now();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliverDue(env.DB, hooked, new Date(at), down);
      at += 13 * 3600_000;
    }
    const row = await env.DB.prepare("SELECT attempts, status, last_error FROM webhook_deliveries ORDER BY id DESC LIMIT 1").first();
    expect(row).toEqual({ attempts: MAX_ATTEMPTS, status: "failed", last_error: "connection refused" });
  });
});
