/**
 * One page scan → the fewest check requests: cached subjects are answered from the cache, the rest go
 * in batches of at most MAX_CHECK_ITEMS (one request when a scan has ≤ 100 new subjects). Every receipt
 * is verified before its answers are used; a receipt that fails keeps its subjects out of the cache and
 * is reported as 「凭证验证失败」.
 */
import { type CheckItem, MAX_CHECK_ITEMS } from "../../shared/contract/checks";
import { type CheckAnswer, type CheckedSubject, type Problem, type ReceiptSummary, type SubjectQuery, subjectKey, subjectQuery } from "../messages";
import type { SiteRule } from "../settings/sites";
import type { Settings } from "../settings/store";
import { ApiProblem, type CheckAnswerBody, type Fetch, type RetryPolicy, DEFAULT_RETRY, postCheck } from "./api";
import type { ReceiptKeys } from "./receipt-keys";
import { type CacheScope, type ResultCache, type StoredReceipt, cacheKey } from "./result-cache";

/**
 * Check requests in flight at once, for all pages together; the rest wait their turn. A slot is held for
 * the request alone: verifying and caching an answer happen outside it, so the next batch is already on
 * the wire while the last one is checked.
 */
export const MAX_REQUESTS_IN_FLIGHT = 4;

/** A counting semaphore: at most `size` calls of `run` at a time, first come first served. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

export interface CheckerDeps {
  fetch: Fetch;
  keys: ReceiptKeys;
  cache: ResultCache;
  now?: () => number;
  retry?: RetryPolicy;
  /** Requests in flight at once (MAX_REQUESTS_IN_FLIGHT). */
  maxInFlight?: number;
}

/** Splits into chunks of at most `size`. */
export function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The same subject twice in one scan is asked once. */
function uniqueQueries(queries: readonly SubjectQuery[]): SubjectQuery[] {
  const seen = new Map<string, SubjectQuery>();
  for (const q of queries) {
    const query = subjectQuery(q.code, q.name);
    seen.set(subjectKey(query), query);
  }
  return [...seen.values()];
}

export class Checker {
  private readonly now: () => number;
  private readonly slots: Slots;

  constructor(private readonly deps: CheckerDeps) {
    this.now = deps.now ?? Date.now;
    this.slots = new Slots(deps.maxInFlight ?? MAX_REQUESTS_IN_FLIGHT);
  }

  /** Verifies one answer, caches what verified, and pairs each subject with its signed item. */
  private async accept(settings: Settings, scope: CacheScope, refs: ReadonlyMap<string, SubjectQuery>, result: CheckAnswerBody): Promise<{ results: CheckedSubject[]; receipt: ReceiptSummary }> {
    const verification = await this.deps.keys.verify(settings.workerUrl, result.receipt.jws).catch((err: unknown) => ({
      valid: false as const,
      message: `无法验证凭证签名：${err instanceof ApiProblem ? err.problem.message : String(err)}`,
    }));
    const signedItems = new Map<string, CheckItem>();
    // Trust only what is signed, and only a receipt that is this answer's (same number).
    const trusted = verification.valid && verification.kind === "receipt" && verification.payload.number === result.receipt.number;
    if (trusted) for (const item of verification.payload.items) signedItems.set(item.ref, item);
    const receipt: StoredReceipt = {
      number: result.receipt.number,
      url: result.receipt.url,
      kid: result.receipt.kid,
      verified: trusted,
      verification: trusted ? verification.message : `凭证验证失败：${verification.message}`,
      issuedAt: result.issuedAt,
      jws: result.receipt.jws,
      storedAt: this.now(),
    };
    // Not awaited: the page gets its answer now; the cache holds it in memory and writes it out later.
    if (trusted) void this.deps.cache.store(scope, receipt, verification.payload.dataVersion, refs).catch(() => undefined);
    const { jws: _jws, storedAt: _storedAt, ...summary } = receipt;
    const results = [...refs].map(([ref, query]) => ({ query, item: trusted ? (signedItems.get(ref) ?? null) : null, receiptNumber: summary.number, fromCache: false }));
    return { results, receipt: summary };
  }

  /**
   * Checks subjects found on a page at `origin`. Answers are cached per origin, scene and purpose, so an
   * answer is reused only for the same purpose on the same site (its query-log entry covers it).
   */
  async check(settings: Settings, site: SiteRule, purpose: string, queries: readonly SubjectQuery[], origin: string): Promise<CheckAnswer> {
    if (!settings.token) return { ok: false, requests: 0, problem: { kind: "not_configured", message: "尚未登录：请在「查一查」设置中登录或填写令牌" } };
    const scope: CacheScope = { origin, scene: site.scene, purpose };
    const unique = uniqueQueries(queries);
    const cached = await this.deps.cache.lookup(scope, unique);
    const results: CheckedSubject[] = [];
    const receipts = new Map<string, ReceiptSummary>();
    const missing: SubjectQuery[] = [];
    for (const query of unique) {
      const hit = cached.get(cacheKey(scope, query));
      if (!hit) {
        missing.push(query);
        continue;
      }
      const { jws: _jws, storedAt: _storedAt, ...summary } = hit.receipt;
      results.push({ query, item: hit.item, receiptNumber: summary.number, fromCache: true });
      receipts.set(summary.number, summary);
    }
    let problem: Problem | undefined;
    let requests = 0;
    const send = async (batch: SubjectQuery[]) => {
      const refs = new Map(batch.map((query, i) => [`s${i + 1}`, query] as const));
      const request = { scene: site.scene, purpose, items: [...refs].map(([ref, q]) => ({ ref, code: q.code, ...(q.name ? { name: q.name } : {}) })) };
      try {
        // After a failure the batches still waiting are not sent: the page shows the problem instead.
        const result = await this.slots.run(async () => {
          if (problem) return undefined;
          requests++;
          return postCheck(this.deps.fetch, settings.workerUrl, settings.token, request, this.deps.retry ?? DEFAULT_RETRY);
        });
        if (!result) return;
        const sent = await this.accept(settings, scope, refs, result);
        results.push(...sent.results);
        receipts.set(sent.receipt.number, sent.receipt);
      } catch (err) {
        problem ??= err instanceof ApiProblem ? err.problem : { kind: "server", message: `核查失败：${err instanceof Error ? err.message : String(err)}` };
      }
    };
    await Promise.all(chunk(missing, MAX_CHECK_ITEMS).map(send));
    if (problem) return { ok: false, problem, requests };
    return { ok: true, results, requests, receipts: [...receipts.values()] };
  }
}
