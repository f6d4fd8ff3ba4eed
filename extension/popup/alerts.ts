/**
 * Unread alerts for the popup. The monitoring API (GET /api/v1/alerts?unread=true, issue 14) does not exist
 * yet, so there are none to show and the popup shows no alerts section at all. When it lands, this is the
 * one function to fill in (through the background, which holds the token); the popup already renders
 * whatever it returns.
 */
export interface AlertSummary {
  id: string;
  subjectCode: string;
  subjectName: string;
  text: string;
  at: string;
}

export async function unreadAlerts(): Promise<AlertSummary[]> {
  return [];
}
