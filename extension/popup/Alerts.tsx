/** @jsxImportSource preact */
/**
 * The popup's unread alerts (issue 14): each with 「标为已读」; a 告知承诺待核查 alert (`commitment_due`) also
 * takes the verification's result — a note and 「核查属实」/「核查不属实」 — which the worker records once
 * (POST /api/v1/commitments/{id}/verification). Once recorded the reminder has done its work and is marked read.
 */
import { useState } from "preact/hooks";
import type { VerificationResult, VerifyAnswer } from "../messages";
import { type AlertSummary, markRead, verifyCommitment } from "./alerts";

type Status = { ok: boolean; message: string };

/** What the worker now has, in one sentence. */
export function verifiedMessage(answer: Extract<VerifyAnswer, { ok: true }>): string {
  const c = answer.commitment;
  const listed = c.falseCommitmentEntry ? `；已列入${c.falseCommitmentEntry.listName}（${c.falseCommitmentEntry.reason}${c.falseCommitmentEntry.plannedRemovalOn ? `，至 ${c.falseCommitmentEntry.plannedRemovalOn}` : ""}）` : "";
  return `已登记核查结果：${c.name} ${c.ref}（编号 ${c.id}）${c.statusLabel}${listed}`;
}

function Verification({ alert, onDone }: { alert: AlertSummary & { commitmentId: number }; onDone: (status: Status) => void }) {
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  const send = async (result: VerificationResult) => {
    setBusy(true);
    setStatus(null);
    const answer = await verifyCommitment(alert.commitmentId, result, note);
    setBusy(false);
    if (answer.ok) onDone({ ok: true, message: verifiedMessage(answer) });
    else setStatus({ ok: false, message: `核查结果未登记：${answer.problem.message}` });
  };
  const id = `note-${alert.id}`;
  return (
    <form class="verify" onSubmit={(e) => e.preventDefault()}>
      <label for={id}>核查情况（告知承诺编号 {alert.commitmentId}{alert.verifyBy ? `，应于 ${alert.verifyBy} 核查` : ""}）</label>
      <textarea id={id} name="note" rows={2} maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} placeholder="如：现场核查，经营场所与承诺一致" />
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => void send("属实")}>
          核查属实
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void send("不属实")}>
          核查不属实
        </button>
      </div>
      <p class="hint">核查不属实即虚假承诺：该主体列入重点监管对象名单一年，期间不再适用告知承诺。</p>
      {status && (
        <p class={status.ok ? "status" : "status error"} role="alert">
          {status.message}
        </p>
      )}
    </form>
  );
}

export function Alerts({ alerts, onChange }: { alerts: AlertSummary[]; onChange: (alerts: AlertSummary[]) => void }) {
  const [status, setStatus] = useState<Status | null>(null);
  if (alerts.length === 0 && !status) return null;
  return (
    <section aria-labelledby="alerts">
      <h2 id="alerts">未读提醒（{alerts.length}）</h2>
      {status && (
        <p id="verify-status" class={status.ok ? "status" : "status error"} role="status">
          {status.message}
        </p>
      )}
      <ul class="alerts">
        {alerts.map((a) => (
          <li key={a.id} data-alert={a.id} data-kind={a.kind}>
            <strong>{a.kindLabel}</strong> {a.summary}
            <br />
            <span class="hint">
              {a.subjectName} · 监控事由：{a.reason} · {a.changedAt.slice(0, 10)}
            </span>{" "}
            <button type="button" class="link" onClick={() => void markRead([a.id]).then(onChange)}>
              标为已读
            </button>
            {a.kind === "commitment_due" && a.commitmentId !== null && (
              <Verification
                alert={{ ...a, commitmentId: a.commitmentId }}
                onDone={(done) => {
                  setStatus(done);
                  void markRead([a.id]).then(onChange);
                }}
              />
            )}
          </li>
        ))}
      </ul>
      {alerts.length > 1 && (
        <button type="button" class="secondary" onClick={() => void markRead(alerts.map((a) => a.id)).then(onChange)}>
          全部标为已读
        </button>
      )}
    </section>
  );
}
