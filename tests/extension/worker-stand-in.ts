/**
 * The worker at the network boundary, for unit tests: answers POST /api/v1/checks with receipts signed by
 * a real Ed25519 key (jose), and GET /.well-known/jwks.json. It speaks the contract (shared/contract)
 * so the background parses and verifies exactly what the real worker sends; the e2e suite runs against
 * the real worker. Counts requests and can fail on purpose (offline, 401, 503, a tampered signature, a
 * rotated key).
 */
import { CompactSign, type JWK, exportJWK, generateKeyPair } from "jose";
import { CheckRequest, type CheckItem, type CheckResult } from "../../shared/contract/checks";
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

type Failure = "offline" | 401 | 403 | 429 | 503 | "tamper";

async function newKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" } as JWK };
}

export class WorkerStandIn {
  readonly origin = "http://localhost:8787";
  checkRequests: CheckRequest[] = [];
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
  async rotate(publish: boolean): Promise<void> {
    this.key = await newKey(`receipt-${Date.now()}`);
    if (publish) this.publishKeys();
  }

  publishKeys(): void {
    this.published = [this.key.publicJwk, ...this.published];
  }

  readonly fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if (url.pathname === "/.well-known/jwks.json") {
      this.jwksRequests++;
      return Response.json({ keys: this.published });
    }
    if (url.pathname !== "/api/v1/checks" || init?.method !== "POST") return Response.json({ error: { code: "route_not_found", message: "没有这个地址" } }, { status: 404 });
    const failure = this.failures.shift();
    if (failure === "offline") throw new TypeError("Failed to fetch");
    const request = CheckRequest.parse(JSON.parse(String(init.body)));
    this.checkRequests.push(request);
    if (failure === 401) return Response.json({ error: { code: "unauthorized", message: "令牌已过期" } }, { status: 401 });
    if (failure === 403) return Response.json({ error: { code: "forbidden", message: "令牌未授权此场景" } }, { status: 403 });
    if (failure === 429) return Response.json({ error: { code: "rate_limited", message: "请求过于频繁" } }, { status: 429, headers: { "retry-after": "60" } });
    if (failure === 503) return Response.json({ error: { code: "internal_error", message: "维护中" } }, { status: 503 });
    if (!String(new Headers(init.headers).get("authorization")).startsWith("Bearer ")) return Response.json({ error: { code: "unauthorized", message: "需要令牌" } }, { status: 401 });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delay) await this.delay();
      return Response.json(await this.answer(request, failure === "tamper"));
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
