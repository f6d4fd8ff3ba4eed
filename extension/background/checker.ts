/**
 * One page scan → the fewest check requests: cached subjects are answered from the cache, the rest go
 * in batches of at most MAX_CHECK_ITEMS (one request when a scan has ≤ 100 new subjects). Every receipt
 * is verified before its answers are used; a receipt that fails keeps its subjects out of the cache and
 * is reported as 「凭证验证失败」.
 */
import { type CheckItem, type CheckResult, MAX_CHECK_ITEMS } from "../../shared/contract/checks";
import { type CheckAnswer, type Problem, type ReceiptSummary, type SubjectQuery, type SubjectResult, subjectKey, subjectQuery } from "../messages";
import type { SiteRule } from "../settings/sites";
import type { Settings } from "../settings/store";
import { ApiProblem, type Fetch, type RetryPolicy, DEFAULT_RETRY, postCheck } from "./api";
import type { ReceiptKeys } from "./receipt-keys";
import { type ResultCache, type StoredReceipt, cacheKey } from "./result-cache";

/** Batches sent at the same time for one scan (the rest wait their turn). */
export const PARALLEL_BATCHES = 3;

export interface CheckerDeps {
  fetch: Fetch;
  keys: ReceiptKeys;
  cache: ResultCache;
  now?: () => number;
  retry?: RetryPolicy;
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

  constructor(private readonly deps: CheckerDeps) {
    this.now = deps.now ?? Date.now;
  }

  private async sendBatch(settings: Settings, site: SiteRule, purpose: string, batch: SubjectQuery[]): Promise<{ results: SubjectResult[]; receipt: ReceiptSummary }> {
    const refs = new Map(batch.map((query, i) => [`s${i + 1}`, query] as const));
    const result: CheckResult = await postCheck(
      this.deps.fetch,
      settings.workerUrl,
      settings.token,
      { scene: site.scene, purpose, items: [...refs].map(([ref, q]) => ({ ref, code: q.code, ...(q.name ? { name: q.name } : {}) })) },
      this.deps.retry ?? DEFAULT_RETRY,
    );
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
    if (trusted) await this.deps.cache.store(site.scene, receipt, verification.payload.dataVersion, refs);
    const { jws: _jws, storedAt: _storedAt, ...summary } = receipt;
    const results = [...refs].map(([ref, query]) => ({ query, item: trusted ? (signedItems.get(ref) ?? null) : null, receipt: summary, fromCache: false }));
    return { results, receipt: summary };
  }

  /** Checks the subjects of one page scan. */
  async check(settings: Settings, site: SiteRule, purpose: string, queries: readonly SubjectQuery[]): Promise<CheckAnswer> {
    if (!settings.token) return { ok: false, requests: 0, problem: { kind: "not_configured", message: "尚未填写令牌：请在「查一查」设置中填写服务地址和令牌" } };
    const unique = uniqueQueries(queries);
    const cached = await this.deps.cache.lookup(site.scene, unique);
    const results: SubjectResult[] = [];
    const receipts = new Map<string, ReceiptSummary>();
    const missing: SubjectQuery[] = [];
    for (const query of unique) {
      const hit = cached.get(cacheKey(site.scene, query));
      if (!hit) {
        missing.push(query);
        continue;
      }
      const { jws: _jws, storedAt: _storedAt, ...summary } = hit.receipt;
      results.push({ query, item: hit.item, receipt: summary, fromCache: true });
      receipts.set(summary.number, summary);
    }
    const batches = chunk(missing, MAX_CHECK_ITEMS);
    let problem: Problem | undefined;
    let next = 0;
    const worker = async () => {
      while (next < batches.length && !problem) {
        const batch = batches[next++]!;
        try {
          const sent = await this.sendBatch(settings, site, purpose, batch);
          results.push(...sent.results);
          receipts.set(sent.receipt.number, sent.receipt);
        } catch (err) {
          problem = err instanceof ApiProblem ? err.problem : { kind: "server", message: `核查失败：${err instanceof Error ? err.message : String(err)}` };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_BATCHES, batches.length) }, worker));
    const requests = Math.min(next, batches.length);
    if (problem) return { ok: false, problem, requests };
    return { ok: true, results, requests, receipts: [...receipts.values()] };
  }
}
