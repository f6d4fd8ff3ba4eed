/**
 * Messages between the content script (and options page) and the background, the only part that talks
 * to the worker. Nothing here carries the token.
 */
import { browser } from "wxt/browser";
import type { CheckItem } from "../shared/contract/checks";
import type { Me } from "../shared/contract/me";
import type { AlertKind, VERIFICATION_RESULTS } from "../shared/contract/monitoring";
import type { PurposeField } from "./settings/sites";

/** What a page needs to know about the site rule that matched it. */
export interface PageSite {
  id: string;
  label: string;
  scene: string;
  purposeTemplate: string;
  fields: PurposeField[];
  /** The worker's origin, for the printable receipt links. */
  workerOrigin: string;
}

/** One subject found on the page: a code, and the name written next to it when there is one. */
export interface SubjectQuery {
  code: string;
  name?: string;
}

/** Why a check could not be done, told to the page in plain Chinese. */
export type ProblemKind = "not_configured" | "offline" | "unauthorised" | "forbidden" | "rate_limited" | "rejected" | "server" | "bad_response";
export interface Problem {
  kind: ProblemKind;
  message: string;
}

export interface ReceiptSummary {
  number: string;
  url: string;
  kid: string;
  /** Whether the JWS verified against the worker's JWKS. */
  verified: boolean;
  verification: string;
  issuedAt: string;
}

/**
 * The answer for one subject. `item` comes from the signed receipt payload and is null when the receipt
 * failed verification: such a result is never shown as trustworthy.
 */
export interface SubjectResult {
  query: SubjectQuery;
  item: CheckItem | null;
  receipt: ReceiptSummary;
  fromCache: boolean;
}

/**
 * One subject of a check answer as it goes to the page: its receipt named by number, the summaries coming
 * once in the answer's `receipts` (a 100-subject answer would otherwise carry the same summary 100 times).
 */
export interface CheckedSubject {
  query: SubjectQuery;
  item: CheckItem | null;
  receiptNumber: string;
  fromCache: boolean;
}

export type CheckAnswer =
  | { ok: true; results: CheckedSubject[]; requests: number; receipts: ReceiptSummary[] }
  | { ok: false; problem: Problem; requests: number };

/** The page's view of an answer: each subject with its receipt's summary. */
export function subjectResults(answer: Extract<CheckAnswer, { ok: true }>): SubjectResult[] {
  const receipts = new Map(answer.receipts.map((r) => [r.number, r] as const));
  return answer.results.map(({ receiptNumber, ...rest }) => {
    const receipt = receipts.get(receiptNumber);
    if (!receipt) throw new Error(`答复缺少凭证 ${receiptNumber} 的摘要`);
    return { ...rest, receipt };
  });
}

export type ExtensionRequest =
  | { type: "page"; url: string }
  | { type: "check"; url: string; purpose: string; subjects: SubjectQuery[] }
  | { type: "receipt"; number: string }
  | { type: "open-options" }
  | { type: "account" }
  | { type: "sign-in" }
  | { type: "sign-out" }
  | { type: "test-connection" }
  | { type: "lookup"; query: string; scene?: string; purpose?: string }
  | { type: "recent" }
  | { type: "watch"; url: string; purpose: string; subjects: SubjectQuery[] }
  | { type: "commitment"; url: string; draft: CommitmentDraft }
  | { type: "alerts" }
  | { type: "alerts-read"; ids: number[] }
  | { type: "watchlist"; cursor: number }
  | { type: "unwatch"; id: number }
  | { type: "verify-commitment"; commitmentId: number; result: VerificationResult; note: string };

export type VerificationResult = (typeof VERIFICATION_RESULTS)[number];

/** 「监控」/「监控全部」: what the worker said, summed over the batches (≤ MAX_WATCH_ITEMS each). */
export type WatchAnswer =
  | { ok: true; added: number; extended: number; failed: number; failures: { code: string; message: string }[]; until: string; limit: number; active: number; requests: number }
  | { ok: false; problem: Problem; requests: number };

/** 「登记告知承诺」 as prefilled from the approval page and edited by the officer. */
export interface CommitmentDraft {
  code: string;
  type: string;
  matter: string;
  ref: string;
  madeOn: string;
  verifyBy: string;
}

export type CommitmentAnswer =
  | { ok: true; commitment: { id: number; name: string; ref: string; statusLabel: string; verifyBy: string | null; watchId: number | null } }
  | { ok: false; problem: Problem };

/** One unread alert as the popup lists it (the worker's Alert, trimmed to what is shown). */
export interface AlertSummary {
  id: number;
  kind: AlertKind;
  kindLabel: string;
  summary: string;
  subjectCode: string;
  subjectName: string;
  reason: string;
  changedAt: string;
  /** For a `commitment_due` alert: the 告知承诺 whose result is to be recorded, and its verification date. */
  commitmentId: number | null;
  verifyBy: string | null;
}

export type AlertsAnswer = { ok: true; items: AlertSummary[]; unread: number } | { ok: false; problem: Problem };

/** One entry of the officer's watchlist as 「我的监控」 shows it (the worker's WatchEntry). */
export interface WatchSummary {
  id: number;
  code: string;
  name: string;
  reason: string;
  sceneLabel: string | null;
  until: string;
  /** officer: added by the officer; commitment: following a 告知承诺 they registered. */
  source: "officer" | "commitment";
  active: boolean;
  createdAt: string;
}

/** A page of 「我的监控」 (GET /api/v1/watchlist): `next` is the cursor of the next page, null at the end. */
export type WatchlistAnswer = { ok: true; items: WatchSummary[]; next: number | null; limit: number; active: number } | { ok: false; problem: Problem };

export type UnwatchAnswer = { ok: true; id: number } | { ok: false; problem: Problem };

/** 「核查属实」/「核查不属实」: the commitment as the worker now has it. */
export type VerifyAnswer =
  | { ok: true; commitment: { id: number; name: string; ref: string; status: "pending" | "fulfilled" | "breached"; statusLabel: string; falseCommitmentEntry: { listName: string; reason: string; plannedRemovalOn: string | null } | null } }
  | { ok: false; problem: Problem };

/** The options page's and popup's view of the sign-in (never the token itself). */
export interface AccountState {
  workerUrl: string;
  /** An identity provider is configured (policy or build): 「登录」 is offered. */
  signInAvailable: boolean;
  issuer?: string;
  credentials: { kind: "pasted" | "oidc"; expiresAt?: number } | null;
}

export type ConnectionAnswer = { ok: true; workerUrl: string; me: Me | null } | { ok: false; problem: Problem };

/** A popup lookup: the public view, name-search candidates, or the officer's signed check. */
export type LookupAnswer =
  | {
      ok: true;
      mode: "public";
      profile: { code: string; name: string; kindLabel: string; registrationStatus: string; negativeLists: number; redList: boolean; publicPenalties: number; lists: { listName: string; polarity: "negative" | "positive"; listedOn: string }[] };
      link: string;
    }
  | { ok: true; mode: "search"; total: number; candidates: { code: string; name: string; linkable: boolean }[] }
  | { ok: true; mode: "officer"; result: SubjectResult; link: string }
  | { ok: false; problem: Problem };

export interface RecentLookup {
  code: string;
  name: string | null;
  /** The decision (officer) or the public summary, as shown. */
  label: string;
  mode: "public" | "officer";
  scene?: string;
  at: string;
}

export interface ExtensionResponses {
  page: { site: PageSite | null };
  check: CheckAnswer;
  receipt: { number: string; jws: string; url: string } | null;
  "open-options": { opened: true };
  account: AccountState;
  "sign-in": { ok: true; state: AccountState } | { ok: false; problem: Problem };
  "sign-out": AccountState;
  "test-connection": ConnectionAnswer;
  lookup: LookupAnswer;
  recent: RecentLookup[];
  watch: WatchAnswer;
  commitment: CommitmentAnswer;
  alerts: AlertsAnswer;
  "alerts-read": AlertsAnswer;
  watchlist: WatchlistAnswer;
  unwatch: UnwatchAnswer;
  "verify-commitment": VerifyAnswer;
}

/** Sends a request to the background and waits for its answer. */
export function ask<T extends ExtensionRequest>(request: T): Promise<ExtensionResponses[T["type"]]> {
  return browser.runtime.sendMessage(request) as Promise<ExtensionResponses[T["type"]]>;
}

/** A subject as sent: the name only when there is one (an empty name is no name). */
export function subjectQuery(code: string, name?: string): SubjectQuery {
  return name ? { code, name } : { code };
}

/** The one key of a subject, on the page, in a request and in the cache: one answer per code and name. */
export function subjectKey(query: SubjectQuery): string {
  return `${query.code}|${query.name ?? ""}`;
}
