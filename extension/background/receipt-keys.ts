/**
 * 凭证签名公钥: the worker's JWKS, cached in extension storage with a TTL, refetched once when a receipt
 * names a key it does not hold (a rotation). Receipts are verified here with the shared verifier
 * (shared/receipts/verify.ts): content scripts on plain-http pages have no crypto.subtle.
 */
import { browser } from "wxt/browser";
import { Jwks } from "../../shared/contract/receipts";
import { type Verification, verifySigned } from "../../shared/receipts/verify";
import { type Fetch, type RetryPolicy, DEFAULT_RETRY, getJson } from "./api";

export const JWKS_KEY = "jwks";
export const JWKS_TTL_MS = 60 * 60 * 1000;

interface CachedJwks {
  workerUrl: string;
  fetchedAt: number;
  jwks: Jwks;
}

export class ReceiptKeys {
  /** The keys in use, kept in memory too: a 5,000-row page verifies 50 receipts, each would read storage. */
  private memo: CachedJwks | undefined;

  constructor(
    private readonly fetchFn: Fetch,
    private readonly now: () => number = Date.now,
    private readonly policy: RetryPolicy = DEFAULT_RETRY,
  ) {}

  private async cached(workerUrl: string): Promise<CachedJwks | undefined> {
    const fresh = (c: CachedJwks | undefined) => !!c && c.workerUrl === workerUrl && this.now() - c.fetchedAt <= JWKS_TTL_MS;
    if (fresh(this.memo)) return this.memo;
    const stored = (await browser.storage.local.get(JWKS_KEY))[JWKS_KEY] as CachedJwks | undefined;
    if (!fresh(stored)) return undefined;
    this.memo = stored;
    return stored;
  }

  private async fetchKeys(workerUrl: string): Promise<Jwks> {
    const json = await getJson(this.fetchFn, `${workerUrl}/.well-known/jwks.json`, this.policy);
    const jwks = Jwks.parse(json);
    this.memo = { workerUrl, fetchedAt: this.now(), jwks };
    await browser.storage.local.set({ [JWKS_KEY]: this.memo });
    return jwks;
  }

  /** Verifies a receipt JWS against the worker's keys; refetches the keys once on an unknown kid. */
  async verify(workerUrl: string, jws: string): Promise<Verification> {
    const cached = await this.cached(workerUrl);
    const first = await verifySigned(jws, cached?.jwks ?? (await this.fetchKeys(workerUrl)));
    if (first.valid || first.reason !== "unknown_key" || !cached) return first;
    return verifySigned(jws, await this.fetchKeys(workerUrl));
  }
}
