/** @jsxImportSource preact */
/**
 * The toolbar button's popup: a quick lookup by code or name — the public view without a sign-in, the
 * officer's signed check (scene and purpose) with one — the recent lookups, unread alerts when there are
 * any (a due 告知承诺 takes its verification result there), 「我的监控」 (the officer's watchlist) when signed
 * in, and a link to the full page on the worker. Everything goes through the background.
 */
import { useEffect, useState } from "preact/hooks";
import { type AccountState, type ConnectionAnswer, type LookupAnswer, type RecentLookup, ask } from "../messages";
import { SITE_SCENES } from "../settings/sites";
import { Alerts } from "./Alerts";
import { Watchlist } from "./Watchlist";
import { type AlertSummary, unreadAlerts } from "./alerts";

const shortScene = (label: string) => label.replace(/（.*）$/, "");

function Result({ answer, onPick }: { answer: LookupAnswer; onPick: (code: string) => void }) {
  if (!answer.ok) {
    return (
      <p class="status error" role="alert" id="lookup-error">
        {answer.problem.message}
      </p>
    );
  }
  if (answer.mode === "search") {
    if (answer.candidates.length === 0) return <p id="lookup-result">没有名称相符的主体</p>;
    return (
      <div id="lookup-result">
        <p class="hint">名称相符的主体（共 {answer.total} 个候选，不代表同一主体）：</p>
        <ul class="candidates">
          {answer.candidates.map((c) => (
            <li key={c.code}>
              {c.linkable ? (
                <button type="button" class="link" onClick={() => onPick(c.code)}>
                  {c.name} <span class="code">{c.code}</span>
                </button>
              ) : (
                <span>
                  {c.name} <span class="code">{c.code}</span>
                </span>
              )}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (answer.mode === "public") {
    const p = answer.profile;
    return (
      <div id="lookup-result" class="card">
        <h2>{p.name}</h2>
        <p class="code">{p.code}</p>
        <p>
          {p.kindLabel} · {p.registrationStatus}
        </p>
        <p class={p.negativeLists > 0 ? "verdict bad" : "verdict"}>{p.negativeLists > 0 ? `失信类名单 ${p.negativeLists} 项` : "无现行有效的失信类名单"}</p>
        {p.lists.length > 0 && (
          <ul>
            {p.lists.map((l) => (
              <li key={`${l.listName}${l.listedOn}`}>
                {l.listName}（{l.listedOn} 列入）
              </li>
            ))}
          </ul>
        )}
        <p class="hint">公开信息（社会公众可见范围）；行政处罚 {p.publicPenalties} 项。</p>
        <a href={answer.link} target="_blank" rel="noreferrer" id="full-page">
          查看完整信息
        </a>
      </div>
    );
  }
  const { item, receipt } = answer.result;
  return (
    <div id="lookup-result" class="card">
      <h2>{item?.subject?.name ?? item?.input.code ?? ""}</h2>
      <p class="code">{item?.subject?.code ?? item?.input.code}</p>
      <p class={`verdict ${item?.decision === "block" ? "bad" : ""}`}>{item ? (item.decisionLabel ?? item.message) : "凭证验证失败，结果不可采信"}</p>
      {item && item.hits.length > 0 && (
        <ul>
          {item.hits.map((h) => (
            <li key={h.docNo}>{h.listName}</li>
          ))}
        </ul>
      )}
      {item && item.measures.length > 0 && (
        <ul class="measures">
          {item.measures.map((m) => (
            <li key={m.id}>
              <strong>{m.effectLabel}</strong> {m.text}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">
        凭证 {receipt.number}（{receipt.verified ? "签名已验证" : receipt.verification}）
      </p>
      <a href={answer.link} target="_blank" rel="noreferrer" id="full-page">
        查看完整信息
      </a>
    </div>
  );
}

export function Popup() {
  const [account, setAccount] = useState<AccountState | null>(null);
  const [who, setWho] = useState<ConnectionAnswer | null>(null);
  const [recent, setRecent] = useState<RecentLookup[]>([]);
  const [alerts, setAlerts] = useState<AlertSummary[]>([]);
  const [query, setQuery] = useState("");
  const [scene, setScene] = useState(SITE_SCENES[0] ?? "政府采购");
  const [purpose, setPurpose] = useState("");
  const [answer, setAnswer] = useState<LookupAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [view, setView] = useState<"lookup" | "watchlist">("lookup");

  useEffect(() => {
    void ask({ type: "account" }).then(async (state) => {
      setAccount(state);
      if (state.credentials) {
        const connection = await ask({ type: "test-connection" });
        setWho(connection);
        const first = connection.ok ? connection.me?.scenes[0] : undefined;
        if (first) setScene(shortScene(first.label));
      }
    });
    void ask({ type: "recent" }).then(setRecent);
    void unreadAlerts().then(setAlerts);
  }, []);

  const signedIn = !!account?.credentials && who?.ok === true && who.me !== null;
  const scenes = signedIn && who?.ok && who.me ? who.me.scenes.map((s) => shortScene(s.label)) : SITE_SCENES;

  const lookup = async (q: string) => {
    setBusy(true);
    const result = await ask({ type: "lookup", query: q, ...(signedIn ? { scene, purpose } : {}) });
    setAnswer(result);
    setBusy(false);
    void ask({ type: "recent" }).then(setRecent);
  };

  return (
    <main>
      <header>
        <h1>查一查</h1>
        <p class="hint" id="who">
          {!account
            ? "正在读取…"
            : signedIn && who?.ok && who.me
              ? `${who.me.name}（${who.me.roleLabel}）`
              : account.credentials && who && !who.ok
                ? `令牌不可用：${who.problem.message}`
                : "未登录：仅可查询公开信息"}
        </p>
      </header>
      {signedIn && (
        <nav class="views" aria-label="视图">
          <button type="button" class={view === "lookup" ? "tab current" : "tab"} aria-pressed={view === "lookup"} onClick={() => setView("lookup")}>
            查询
          </button>
          <button type="button" class={view === "watchlist" ? "tab current" : "tab"} aria-pressed={view === "watchlist"} id="open-watchlist" onClick={() => setView("watchlist")}>
            我的监控
          </button>
        </nav>
      )}
      <Alerts alerts={alerts} onChange={setAlerts} />
      {signedIn && view === "watchlist" ? (
        <Watchlist />
      ) : (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void lookup(query);
            }}
          >
            <label for="query">统一社会信用代码或名称</label>
            <input id="query" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} placeholder="91500000… 或 重庆某某有限公司" autocomplete="off" />
            {signedIn && (
              <div class="row">
                <div>
                  <label for="scene">场景</label>
                  <select id="scene" value={scene} onChange={(e) => setScene((e.target as HTMLSelectElement).value)}>
                    {scenes.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label for="purpose">查询事由</label>
                  <input id="purpose" value={purpose} onInput={(e) => setPurpose((e.target as HTMLInputElement).value)} placeholder="项目编号或案件编号" />
                </div>
              </div>
            )}
            <button type="submit" id="lookup" disabled={busy}>
              {busy ? "查询中…" : "查一查"}
            </button>
          </form>
          {answer && <Result answer={answer} onPick={(code) => (setQuery(code), void lookup(code))} />}
          {recent.length > 0 && (
            <section aria-labelledby="recent">
              <h2 id="recent">最近查询</h2>
              <ul class="recent">
                {recent.map((r) => (
                  <li key={r.code}>
                    <button type="button" class="link" onClick={() => (setQuery(r.code), void lookup(r.code))}>
                      {r.name ?? r.code}
                    </button>{" "}
                    <span class="hint">
                      {r.label}
                      {r.scene ? ` · ${r.scene}` : ""}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      <footer>
        <button type="button" class="secondary" id="open-options" onClick={() => void ask({ type: "open-options" })}>
          设置
        </button>
      </footer>
    </main>
  );
}
