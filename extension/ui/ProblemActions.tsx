/** @jsxImportSource preact */
/** What an officer can do about a failed check: 重试, and 打开设置 when the token is missing or refused. */
import type { Problem } from "../messages";

export function ProblemActions({ problem, onRetry, onOpenOptions }: { problem: Problem; onRetry: () => void; onOpenOptions: () => void }) {
  return (
    <div class="actions">
      <button type="button" onClick={onRetry}>
        重试
      </button>
      {problem.kind === "not_configured" || problem.kind === "unauthorised" ? (
        <button type="button" class="secondary" onClick={onOpenOptions}>
          打开设置
        </button>
      ) : null}
    </div>
  );
}
