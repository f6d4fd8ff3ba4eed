/**
 * The worker's check API as the background calls it: POST /api/v1/checks with the officer's token,
 * retried with backoff on network errors, 429 and 5xx, and every failure turned into a Problem the page
 * can show (offline, unauthorised, forbidden …).
 */
import { z } from "zod";
import { CheckRequest, CheckResultMinimal, PREFER_MINIMAL } from "../../shared/contract/checks";
import { ErrorEnvelope } from "../../shared/contract/errors";
import type { Problem } from "../messages";

/**
 * A check answer as the extension takes it: everything but the items, asked for with `Prefer: return=minimal`.
 * The items are used only from the signed receipt (checker.ts), which the verifier checks item by item; the
 * unsigned copy a worker sends beside it (~40 % of a 100-item answer, when a worker does not honour the
 * preference) is dropped unread by the parse.
 */
export const CheckAnswerBody = CheckResultMinimal;
export type CheckAnswerBody = z.infer<typeof CheckAnswerBody>;

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface RetryPolicy {
  /** Attempts in all (the first one included). */
  attempts: number;
  /** Wait before the n-th retry: base × 3^(n-1). */
  baseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the page is told to try later. */
  maxRetryAfterMs: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 400,
  maxRetryAfterMs: 5_000,
  timeoutMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);

/** The worker's own words from its error envelope (shared/contract/errors.ts), when the body is one. */
async function serverMessage(response: Response): Promise<string | undefined> {
  const body: unknown = await response.json().catch(() => undefined);
  const envelope = ErrorEnvelope.safeParse(body);
  return envelope.success ? envelope.data.error.message : undefined;
}

export async function problemFor(response: Response, scene: string): Promise<Problem> {
  const said = await serverMessage(response);
  switch (response.status) {
    case 401:
      return { kind: "unauthorised", message: `令牌无效或已过期${said ? `（${said}）` : ""}：请在「查一查」设置中更新令牌` };
    case 403:
      return { kind: "forbidden", message: `无权在场景“${scene}”核查${said ? `：${said}` : ""}` };
    case 429:
      return { kind: "rate_limited", message: said ?? "请求过于频繁，请稍后再试" };
    default:
      if (response.status >= 500) return { kind: "server", message: `查一查服务暂时不可用（HTTP ${response.status}）${said ? `：${said}` : ""}，请稍后再试` };
      return { kind: "rejected", message: said ?? `服务拒绝了核查请求（HTTP ${response.status}）` };
  }
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get("retry-after");
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * Sends one check batch. Resolves with the parsed result; rejects with ApiProblem.
 * @example await postCheck(fetch, "http://localhost:8787", token, { scene: "招标投标", purpose: "开标核查", items })
 */
export async function postCheck(fetchFn: Fetch, workerUrl: string, token: string, request: CheckRequest, policy: RetryPolicy = DEFAULT_RETRY): Promise<CheckAnswerBody> {
  const url = `${workerUrl}/api/v1/checks`;
  const body = JSON.stringify(CheckRequest.parse(request));
  let lastProblem: Problem = { kind: "offline", message: `无法连接查一查服务（${workerUrl}）` };
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await policy.sleep(policy.baseDelayMs * 3 ** (attempt - 2));
    let response: Response;
    try {
      response = await fetchFn(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json", prefer: PREFER_MINIMAL },
        body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
    } catch {
      lastProblem = { kind: "offline", message: `无法连接查一查服务（${workerUrl}），已尝试 ${attempt} 次：请检查网络或在设置中核对服务地址` };
      continue;
    }
    if (response.ok) {
      let json: unknown;
      try {
        json = await response.json();
      } catch {
        throw new ApiProblem({ kind: "bad_response", message: "服务的答复不是 JSON" });
      }
      const parsed = CheckAnswerBody.safeParse(json);
      if (!parsed.success) throw new ApiProblem({ kind: "bad_response", message: `服务的答复不符合接口约定（${parsed.error.issues[0]?.path.join(".") ?? ""}）` });
      return parsed.data;
    }
    const problem = await problemFor(response, request.scene);
    if (response.status === 429) {
      const wait = retryAfterMs(response) ?? policy.baseDelayMs;
      if (wait > policy.maxRetryAfterMs || attempt === policy.attempts) throw new ApiProblem(problem);
      await policy.sleep(wait);
      lastProblem = problem;
      continue;
    }
    if (!RETRYABLE_STATUS.has(response.status)) throw new ApiProblem(problem);
    lastProblem = problem;
  }
  throw new ApiProblem(lastProblem);
}

/** GET a JSON document from the worker (the JWKS), retried like the checks. */
export async function getJson(fetchFn: Fetch, url: string, policy: RetryPolicy = DEFAULT_RETRY): Promise<unknown> {
  let last: Problem = { kind: "offline", message: `无法连接查一查服务（${url}）` };
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await policy.sleep(policy.baseDelayMs * 3 ** (attempt - 2));
    try {
      const response = await fetchFn(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(policy.timeoutMs) });
      if (response.ok) return await response.json();
      last = { kind: "server", message: `无法取得签名公钥（${url}：HTTP ${response.status}）` };
      if (!RETRYABLE_STATUS.has(response.status)) break;
    } catch {
      last = { kind: "offline", message: `无法取得签名公钥（${url}），已尝试 ${attempt} 次` };
    }
  }
  throw new ApiProblem(last);
}
