/**
 * Monitoring for the popup (issue 14), through the background, which holds the token: the unread alerts
 * (opening the popup polls at once, the icon's count follows) and 「标为已读」, the officer's watchlist
 * (「我的监控」, 「取消监控」), and the result of a due 告知承诺 (「核查属实」/「核查不属实」).
 */
import { type AlertSummary, type AlertsAnswer, type UnwatchAnswer, type VerificationResult, type VerifyAnswer, type WatchlistAnswer, ask } from "../messages";

export type { AlertSummary };

const unreachable = { ok: false as const, problem: { kind: "offline" as const, message: "扩展后台没有应答，请稍后再试" } };

/** The unread alerts, newest first; none when signed out or the service cannot be reached. */
export async function unreadAlerts(): Promise<AlertSummary[]> {
  return listed(await ask({ type: "alerts" }).catch(() => undefined));
}

/** Marks these alerts read and returns the ones still unread. */
export async function markRead(ids: number[]): Promise<AlertSummary[]> {
  return listed(await ask({ type: "alerts-read", ids }).catch(() => undefined));
}

function listed(answer: AlertsAnswer | undefined): AlertSummary[] {
  return answer?.ok ? [...answer.items].reverse() : [];
}

/** One page of 「我的监控」 from `cursor` (0 first, then the answer's `next`). */
export function watchlistPage(cursor: number): Promise<WatchlistAnswer> {
  return ask({ type: "watchlist", cursor }).catch(() => unreachable);
}

/** 「取消监控」. */
export function unwatch(id: number): Promise<UnwatchAnswer> {
  return ask({ type: "unwatch", id }).catch(() => unreachable);
}

/** 「核查属实」/「核查不属实」 with the officer's note. */
export function verifyCommitment(commitmentId: number, result: VerificationResult, note: string): Promise<VerifyAnswer> {
  return ask({ type: "verify-commitment", commitmentId, result, note }).catch(() => unreachable);
}
