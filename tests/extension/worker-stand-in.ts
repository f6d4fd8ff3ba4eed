/**
 * The worker at the network boundary, for unit tests: answers POST /api/v1/checks with receipts signed by
 * a real Ed25519 key (jose), and GET /.well-known/jwks.json. It speaks the contract (shared/contract)
 * so the background parses and verifies exactly what the real worker sends; the e2e suite runs against
 * the real worker. Counts requests and can fail on purpose (offline, 401, 503, a tampered signature, a
 * rotated key). It also keeps a small watchlist, alerts and 告知承诺 (issue 14): POST/GET /api/v1/watchlist,
 * DELETE /api/v1/watchlist/{id}, GET /api/v1/alerts, POST /api/v1/alerts/read, POST /api/v1/commitments and
 * POST /api/v1/commitments/{id}/verification, with the contract's shapes and the worker's error codes.
 */
import { CompactSign, type JWK, exportJWK, generateKeyPair } from "jose";
import { CheckRequest, type CheckItem, type CheckResult, PREFER_MINIMAL, prefersMinimal } from "../../shared/contract/checks";
import {
  type Alert,
  AlertsReadRequest,
  COMMITMENT_STATUS_LABEL,
  type Commitment,
  CommitmentInput,
  VerificationInput,
  type WatchEntry,
  type WatchlistPage,
  type WatchlistResult,
  WatchlistRequest,
} from "../../shared/contract/monitoring";
import { RECEIPT_NUMBER_ALPHABET, RECEIPT_TYP, type ReceiptPayload } from "../../shared/contract/receipts";
import { DECISION_LABEL, type Decision } from "../../shared/domain/decisions";

export interface KnownSubject {
  code: string;
  name: string;
  decision: Decision;
  hits?: { listType: CheckItem["hits"][number]["listType"]; listName: string; reason: string }[];
}

export const SUBJECTS: KnownSubject[] = [
  { code: "91500113408203338U", name: "重庆恒盛建材有限公司", decision: "block", hits: [{ listType: "serious_dishonesty", listName: "严重失信主体名单", reason: "提供虚假材料骗取行政许可" }] },
  { code: "91500112484746545R", name: "重庆瑞丰物流有限公司", decision: "benefit", hits: [{ listType: "red_list", listName: "红名单（守信激励对象）", reason: "纳税信用A级纳税人" }] },
  { code: "91500112178573703U", name: "重庆渝信建筑工程有限公司", decision: "pass" },
  { code: "91500112MA3WL3XT1P", name: "重庆华通商贸有限公司", decision: "review", hits: [{ listType: "abnormal_operation", listName: "经营异常名录", reason: "通过登记的住所无法联系" }] },
];

type Failure = "offline" | 401 | 403 | 429 | 503 | "tamper" | "no-receipt" | "unsigned-items-rewritten";

async function newKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" } as JWK };
}

export class WorkerStandIn {
  readonly origin = "http://localhost:8787";
  checkRequests: CheckRequest[] = [];
  /** The Prefer header of each check request, in order (null when absent). */
  checkPreferences: (string | null)[] = [];
  jwksRequests = 0;
  /** Failures for the next requests, in order. */
  failures: Failure[] = [];
  dataVersion = { batchId: 7, receivedAt: "2026-11-26T16:00:00.000Z" };
  /** Check requests being answered right now, and the most there ever were at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** When set, every check answer waits for it first (a slow worker). */
  delay: (() => Promise<void>) | undefined;
  private serial = 0;
  private key!: Awaited<ReturnType<typeof newKey>>;
  private published: JWK[] = [];

  static async start(): Promise<WorkerStandIn> {
    const worker = new WorkerStandIn();
    worker.key = await newKey("receipt-1");
    worker.published = [worker.key.publicJwk];
    return worker;
  }

  /** A new signing key; `publish` false keeps the JWKS stale until `publishKeys`. */
  /** Rotations so far: each new key gets its own kid (a clock could give two rotations the same one). */
  private rotations = 1;

  async rotate(publish: boolean): Promise<void> {
    this.key = await newKey(`receipt-${++this.rotations}`);
    if (publish) this.publishKeys();
  }

  publishKeys(): void {
    this.published = [this.key.publicJwk, ...this.published];
  }

  /** Monitoring: what was asked, and what the stand-in holds. */
  watchRequests: WatchlistRequest[] = [];
  watches: WatchEntry[] = [];
  watchLimit = 5000;
  alerts: Alert[] = [];
  alertRequests: string[] = [];
  readRequests: number[][] = [];
  commitments: Commitment[] = [];
  watchlistRequests: string[] = [];
  deleteRequests: number[] = [];
  verificationRequests: { id: number; body: unknown }[] = [];
  private watchSerial = 0;

  /** A watch entry as the worker lists it (e.g. to fill 「我的监控」 past one page). */
  addWatch(code: string, reason: string, extra: Partial<WatchEntry> = {}): WatchEntry {
    const subject = SUBJECTS.find((s) => s.code === code)!;
    const entry: WatchEntry = {
      id: ++this.watchSerial, code, codeType: "uscc", name: subject.name, reason, scene: "bidding", sceneLabel: "招标投标", until: "2027-11-27",
      source: "officer", createdAt: "2026-11-27T03:00:00.000Z", active: true, watcher: "officer:张三", watcherName: "张三", ...extra,
    };
    this.watches.push(entry);
    return entry;
  }

  /** A commitment registered earlier whose verification date has come, and its 告知承诺待核查 alert (what the daily job writes). */
  addDueCommitment(code: string, ref: string): { commitment: Commitment; alert: Alert } {
    const subject = SUBJECTS.find((s) => s.code === code)!;
    const commitment: Commitment = {
      id: this.commitments.length + 1, code, name: subject.name, type: "涉企经营许可事项告知承诺", matter: "食品经营许可：承诺经营场所符合条件", madeOn: "2026-10-28", verifyBy: "2026-11-27", ref,
      authority: { name: "区市场监督管理局", code: "11500000MB1541618P" }, status: "pending", statusLabel: COMMITMENT_STATUS_LABEL.pending, registeredBy: "officer:张三", watchId: 99, verification: null, falseCommitmentEntry: null,
    };
    this.commitments.push(commitment);
    const alert = this.addAlert(code, `告知承诺待核查：${ref}（应于 2026-11-27 核查）`, ref);
    Object.assign(alert, { kind: "commitment_due", kindLabel: "告知承诺待核查" });
    alert.detail = {
      entity: "commitment", title: `告知承诺 ${ref}`, category: null, docNo: ref, date: "2026-10-28", authorityName: "区市场监督管理局", severity: null, status: "pending",
      corrected: false, objectionOpen: false, listType: null, fromGrade: null, toGrade: null, commitmentId: commitment.id, verifyBy: "2026-11-27",
    };
    return { commitment, alert };
  }

  /** A new unread alert for a subject of SUBJECTS (what the real worker writes when a watched subject changes). */
  addAlert(code: string, summary: string, reason = "开标核查 CQZB-2026-0418"): Alert {
    const subject = SUBJECTS.find((s) => s.code === code)!;
    const id = this.alerts.length + 1;
    const alert: Alert = {
      id, kind: "record_new", kindLabel: "新增记录", summary, subject: { code, name: subject.name }, watch: { id: 1, reason, until: "2027-11-27" },
      changedAt: "2026-11-28T02:00:00.000Z", createdAt: "2026-11-28T02:00:05.000Z", read: false, visible: true, detail: null,
    };
    this.alerts.push(alert);
    return alert;
  }

  private monitoring(url: URL, init: RequestInit | undefined): Response {
    const method = init?.method ?? "GET";
    if (!String(new Headers(init?.headers).get("authorization")).startsWith("Bearer ")) return Response.json({ error: { code: "unauthorized", message: "需要令牌" } }, { status: 401 });
    const bad = (message: string) => Response.json({ error: { code: "invalid_request", message, details: {} } }, { status: 400 });
    if (url.pathname === "/api/v1/watchlist" && method === "POST") {
      const parsed = WatchlistRequest.safeParse(JSON.parse(String(init!.body)));
      if (!parsed.success) return bad(parsed.error.issues[0]!.message);
      this.watchRequests.push(parsed.data);
      const items = parsed.data.items ?? [{ code: parsed.data.code!, reason: parsed.data.reason!, until: parsed.data.until!, scene: parsed.data.scene }];
      const fresh = items.filter((i) => SUBJECTS.some((s) => s.code === i.code) && !this.watches.some((w) => w.code === i.code && w.reason === i.reason));
      if (this.watches.length + fresh.length > this.watchLimit) {
        return Response.json({ error: { code: "watchlist_full", message: `监控名单已满：每位工作人员最多同时监控 ${this.watchLimit} 个主体`, details: { limit: this.watchLimit } } }, { status: 409 });
      }
      const result: WatchlistResult = { items: [], added: 0, extended: 0, failed: 0, limit: this.watchLimit, active: 0 };
      items.forEach((item, index) => {
        const subject = SUBJECTS.find((s) => s.code === item.code);
        if (!subject) {
          result.failed++;
          result.items.push({ index, code: item.code, status: "not_found", message: `库中没有代码为 ${item.code} 的主体`, entry: null });
          return;
        }
        const existing = this.watches.find((w) => w.code === item.code && w.reason === item.reason);
        const entry: WatchEntry = existing ?? {
          id: ++this.watchSerial, code: item.code, codeType: "uscc", name: subject.name, reason: item.reason, scene: "bidding", sceneLabel: "招标投标", until: item.until,
          source: "officer", createdAt: "2026-11-27T03:00:00.000Z", active: true, watcher: "officer:张三", watcherName: "张三",
        };
        if (existing) {
          existing.until = item.until;
          result.extended++;
        } else {
          this.watches.push(entry);
          result.added++;
        }
        result.items.push({ index, code: item.code, status: existing ? "extended" : "added", message: null, entry });
      });
      result.active = this.watches.length;
      return Response.json(result);
    }
    if (url.pathname === "/api/v1/watchlist" && method === "GET") {
      this.watchlistRequests.push(url.search);
      const cursor = Number(url.searchParams.get("cursor") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const after = this.watches.filter((w) => w.id > cursor);
      const items = after.slice(0, limit);
      const page: WatchlistPage = { items, next: after.length > limit ? items.at(-1)!.id : null, limit: this.watchLimit, active: this.watches.filter((w) => w.active && w.source === "officer").length };
      return Response.json(page);
    }
    const watchId = /^\/api\/v1\/watchlist\/(\d+)$/.exec(url.pathname);
    if (watchId && method === "DELETE") {
      const id = Number(watchId[1]);
      this.deleteRequests.push(id);
      const at = this.watches.findIndex((w) => w.id === id);
      if (at < 0) return Response.json({ error: { code: "not_found", message: `监控名单中没有编号为 ${id} 的监控项`, details: { id } } }, { status: 404 });
      this.watches.splice(at, 1);
      return new Response(null, { status: 204 });
    }
    const verification = /^\/api\/v1\/commitments\/(\d+)\/verification$/.exec(url.pathname);
    if (verification && method === "POST") {
      const id = Number(verification[1]);
      const body: unknown = JSON.parse(String(init!.body));
      this.verificationRequests.push({ id, body });
      const parsed = VerificationInput.safeParse(body);
      if (!parsed.success) return bad(parsed.error.issues[0]!.message);
      const commitment = this.commitments.find((c) => c.id === id);
      if (!commitment) return Response.json({ error: { code: "not_found", message: `没有编号为 ${id} 的告知承诺`, details: { id } } }, { status: 404 });
      if (commitment.status !== "pending") {
        return Response.json({ error: { code: "commitment_conflict", message: `该告知承诺已有核查结果（${COMMITMENT_STATUS_LABEL[commitment.status]}），不能再次登记`, details: { status: commitment.status } } }, { status: 409 });
      }
      commitment.status = parsed.data.result === "属实" ? "fulfilled" : "breached";
      commitment.statusLabel = COMMITMENT_STATUS_LABEL[commitment.status];
      commitment.verification = { result: parsed.data.result, note: parsed.data.note, verifiedAt: "2026-11-28T02:00:00.000Z", verifiedBy: "officer:张三" };
      if (commitment.status === "breached") {
        commitment.falseCommitmentEntry = { listType: "key_supervision", listName: "重点监管对象名单", reason: "虚假承诺", docNo: `告知承诺核查〔${id}〕`, listedOn: "2026-11-28", plannedRemovalOn: "2027-11-28" };
      }
      return Response.json(commitment);
    }
    if (url.pathname === "/api/v1/alerts" && method === "GET") {
      this.alertRequests.push(url.search);
      const since = Number(url.searchParams.get("since") ?? 0);
      const unreadOnly = url.searchParams.get("unread") === "true";
      const limit = Number(url.searchParams.get("limit") ?? 50);
      const matching = this.alerts.filter((a) => a.id > since && (!unreadOnly || !a.read));
      const items = matching.slice(0, limit);
      return Response.json({ items, next: items.at(-1)?.id ?? since, hasMore: matching.length > items.length, unread: this.alerts.filter((a) => !a.read).length });
    }
    if (url.pathname === "/api/v1/alerts/read" && method === "POST") {
      const parsed = AlertsReadRequest.safeParse(JSON.parse(String(init!.body)));
      if (!parsed.success) return bad(parsed.error.issues[0]!.message);
      const ids = parsed.data.ids ?? this.alerts.map((a) => a.id);
      this.readRequests.push(ids);
      let marked = 0;
      for (const alert of this.alerts) if (ids.includes(alert.id) && !alert.read) (alert.read = true), marked++;
      return Response.json({ marked, unread: this.alerts.filter((a) => !a.read).length });
    }
    if (url.pathname === "/api/v1/commitments" && method === "POST") {
      const parsed = CommitmentInput.safeParse(JSON.parse(String(init!.body)));
      if (!parsed.success) return bad(parsed.error.issues[0]!.message);
      const input = parsed.data;
      const taken = this.commitments.find((c) => c.ref === input.ref);
      if (taken) return Response.json({ error: { code: "commitment_conflict", message: `本部门已登记过文号为“${input.ref}”的告知承诺（编号 ${taken.id}）`, details: { id: taken.id } } }, { status: 409 });
      const subject = SUBJECTS.find((s) => s.code === input.code);
      if (!subject) return Response.json({ error: { code: "subject_not_found", message: "未找到该主体" } }, { status: 404 });
      const commitment: Commitment = {
        id: this.commitments.length + 1, code: input.code, name: subject.name, type: input.type, matter: input.matter, madeOn: input.madeOn, verifyBy: input.verifyBy, ref: input.ref,
        authority: { name: "区住房和城乡建设委员会", code: "11500000MB1541618P" }, status: "pending", statusLabel: "履行中（待核查）", registeredBy: "officer:张三", watchId: 99, verification: null, falseCommitmentEntry: null,
      };
      this.commitments.push(commitment);
      return Response.json(commitment, { status: 201 });
    }
    return Response.json({ error: { code: "route_not_found", message: "没有这个地址" } }, { status: 404 });
  }

  readonly fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if (/^\/api\/v1\/(watchlist|alerts|commitments)/.test(url.pathname)) return this.monitoring(url, init);
    if (url.pathname === "/.well-known/jwks.json") {
      this.jwksRequests++;
      return Response.json({ keys: this.published });
    }
    if (url.pathname !== "/api/v1/checks" || init?.method !== "POST") return Response.json({ error: { code: "route_not_found", message: "没有这个地址" } }, { status: 404 });
    const failure = this.failures.shift();
    if (failure === "offline") throw new TypeError("Failed to fetch");
    const request = CheckRequest.parse(JSON.parse(String(init.body)));
    this.checkRequests.push(request);
    const prefer = new Headers(init.headers).get("prefer");
    this.checkPreferences.push(prefer);
    if (failure === 401) return Response.json({ error: { code: "unauthorized", message: "令牌已过期" } }, { status: 401 });
    if (failure === 403) return Response.json({ error: { code: "forbidden", message: "令牌未授权此场景" } }, { status: 403 });
    if (failure === 429) return Response.json({ error: { code: "rate_limited", message: "请求过于频繁" } }, { status: 429, headers: { "retry-after": "60" } });
    if (failure === 503) return Response.json({ error: { code: "internal_error", message: "维护中" } }, { status: 503 });
    if (!String(new Headers(init.headers).get("authorization")).startsWith("Bearer ")) return Response.json({ error: { code: "unauthorized", message: "需要令牌" } }, { status: 401 });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delay) await this.delay();
      const answer = await this.answer(request, failure === "tamper");
      // Off-contract answers: no receipt at all; or (a worker that ignores Prefer) unsigned items that say
      // something else and break the shape.
      if (failure === "no-receipt") return Response.json({ ...answer, receipt: undefined });
      if (failure === "unsigned-items-rewritten") return Response.json({ ...answer, items: answer.items.map((item) => ({ ...item, decision: "pass", decisionLabel: 42 })) });
      // As the worker: `Prefer: return=minimal` leaves out the unsigned copy of the items (worker/checks/routes.ts).
      if (prefersMinimal(prefer)) {
        const { items: _items, ...minimal } = answer;
        return Response.json(minimal, { headers: { "preference-applied": PREFER_MINIMAL } });
      }
      return Response.json(answer);
    } finally {
      this.inFlight--;
    }
  };

  private item(ref: string, code: string | undefined, name: string | undefined): CheckItem {
    const known = SUBJECTS.find((s) => s.code === code);
    const base = { ref, input: { code: code ?? null, name: name ?? null }, problems: [], candidates: [], grade: null };
    if (!known) return { ...base, status: "not_found", message: "未找到该主体", subject: null, nameMatches: null, hits: [], measures: [], decision: null, decisionLabel: null };
    const hits = (known.hits ?? []).map((hit) => ({
      ...hit,
      polarity: hit.listType === "red_list" ? ("positive" as const) : ("negative" as const),
      legalBasis: "《重庆市社会信用条例》第三十条",
      authority: { name: "重庆市市场监督管理局", code: "11500000MB1541618P" },
      docNo: "渝市监信〔2026〕12号",
      listedOn: "2026-05-20",
      plannedRemovalOn: "2029-05-20",
    }));
    const measures =
      known.decision === "pass"
        ? []
        : [{ id: 1, listType: hits[0]!.listType, effect: known.decision as "block" | "review" | "benefit", effectLabel: DECISION_LABEL[known.decision], text: `${DECISION_LABEL[known.decision]}：依法实施的措施`, legalBasis: "《重庆市社会信用条例》" }];
    return {
      ...base,
      status: "ok",
      message: `${DECISION_LABEL[known.decision]}：命中名单 ${hits.length} 项`,
      subject: { code: known.code, codeType: "uscc", checksumLegacy: false, name: known.name, kind: "enterprise", kindLabel: "企业", registrationStatus: "存续" },
      nameMatches: name === undefined ? null : name === known.name,
      hits,
      measures,
      decision: known.decision,
      decisionLabel: DECISION_LABEL[known.decision],
    };
  }

  private async answer(request: CheckRequest, tamper: boolean): Promise<CheckResult> {
    const items = request.items.map((i) => this.item(i.ref, i.code, i.name));
    let n = this.serial++;
    let suffix = "";
    for (let i = 0; i < 6; i++, n = Math.floor(n / 32)) suffix = RECEIPT_NUMBER_ALPHABET.charAt(n % 32) + suffix;
    const number = `CX-20261127-${suffix}`;
    const count = (d: string) => items.filter((i) => i.decision === d).length;
    const summary = { block: count("block"), review: count("review"), flag: count("flag"), benefit: count("benefit"), pass: count("pass"), invalid_code: 0, not_found: items.filter((i) => i.status === "not_found").length, ambiguous: 0 };
    const issuedAt = "2026-11-27T03:00:00.000Z";
    const payload: ReceiptPayload = {
      v: 1, iss: this.origin, iat: 1795748400, number, issuedAt, scene: "bidding", sceneLabel: "招标投标", purpose: request.purpose ?? null,
      actor: { id: "officer:张三", name: "张三", role: "officer", department: "11500000MB1541618P" }, asOf: "2026-11-27", dataVersion: this.dataVersion, summary, items,
    };
    let jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: "EdDSA", kid: this.key.kid, typ: RECEIPT_TYP }).sign(this.key.privateKey);
    if (tamper) {
      const [h, p, s] = jws.split(".");
      jws = `${h}.${p}.${s!.startsWith("A") ? `B${s!.slice(1)}` : `A${s!.slice(1)}`}`;
    }
    return { receipt: { number, kid: this.key.kid, url: `${this.origin}/r/${number}`, jws }, issuedAt, scene: "bidding", sceneLabel: "招标投标", purpose: request.purpose ?? null, asOf: "2026-11-27", dataVersion: this.dataVersion, summary, items };
  }
}
