/** @jsxImportSource preact */
/**
 * 「我的监控」 (issue 14): the officer's watchlist, a page at a time (GET /api/v1/watchlist, 「加载更多」 for
 * the next), each with its reason, scene and end date, and 「取消监控」 (DELETE /api/v1/watchlist/{id}).
 * Watches created by registering a 告知承诺 are listed too (they do not count towards the limit).
 */
import { useEffect, useState } from "preact/hooks";
import type { WatchSummary } from "../messages";
import { unwatch, watchlistPage } from "./alerts";

type Status = { ok: boolean; message: string };

export function Watchlist() {
  const [items, setItems] = useState<WatchSummary[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [counts, setCounts] = useState<{ active: number; limit: number } | null>(null);
  const [loading, setLoading] = useState(true);
  const [status, setStatus] = useState<Status | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);

  const load = async (cursor: number) => {
    setLoading(true);
    const answer = await watchlistPage(cursor);
    setLoading(false);
    if (!answer.ok) {
      setStatus({ ok: false, message: `无法读取监控名单：${answer.problem.message}` });
      return;
    }
    setItems((shown) => (cursor === 0 ? answer.items : [...shown, ...answer.items]));
    setNext(answer.next);
    setCounts({ active: answer.active, limit: answer.limit });
  };
  useEffect(() => void load(0), []);

  const remove = async (w: WatchSummary) => {
    setRemoving(w.id);
    const answer = await unwatch(w.id);
    setRemoving(null);
    if (!answer.ok) {
      setStatus({ ok: false, message: `未能取消监控：${answer.problem.message}` });
      return;
    }
    setItems((shown) => shown.filter((x) => x.id !== w.id));
    // Only the officer's own active watches count towards the limit (as the worker counts them).
    if (w.active && w.source === "officer") setCounts((c) => c && { ...c, active: Math.max(0, c.active - 1) });
    setStatus({ ok: true, message: `已取消监控：${w.name}（${w.reason}）` });
  };

  return (
    <section aria-labelledby="watchlist">
      <h2 id="watchlist">我的监控</h2>
      {counts && (
        <p class="hint" id="watch-count">
          正在监控 {counts.active} / {counts.limit} 个主体（登记告知承诺时自动监控的不计入）
        </p>
      )}
      {status && (
        <p id="watch-status" class={status.ok ? "status" : "status error"} role={status.ok ? "status" : "alert"}>
          {status.message}
        </p>
      )}
      {!loading && items.length === 0 && status?.ok !== false && <p id="watch-empty">尚未监控任何主体：在开标、审批等页面上点「监控」即可加入。</p>}
      <ul class="watches">
        {items.map((w) => (
          <li key={w.id} data-watch={w.id}>
            <strong>{w.name}</strong> <span class="code">{w.code}</span>
            <br />
            <span class="hint">
              监控事由：{w.reason}
              {w.sceneLabel ? ` · ${w.sceneLabel}` : ""} · 截止 {w.until}
              {w.source === "commitment" ? " · 登记告知承诺时自动监控" : ""}
              {w.active ? "" : " · 已过截止日期"}
            </span>{" "}
            <button type="button" class="link" disabled={removing === w.id} onClick={() => void remove(w)}>
              取消监控
            </button>
          </li>
        ))}
      </ul>
      {loading && <p class="hint">正在读取…</p>}
      {!loading && next !== null && (
        <button type="button" class="secondary" id="watch-more" onClick={() => void load(next)}>
          加载更多
        </button>
      )}
    </section>
  );
}
