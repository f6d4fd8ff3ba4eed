/**
 * Unread monitoring alerts for the popup (issue 14), through the background, which holds the token:
 * opening the popup polls at once (the icon's count follows), and 「标为已读」 marks them on the worker.
 */
import { type AlertSummary, type AlertsAnswer, ask } from "../messages";

export type { AlertSummary };

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
