/** @jsxImportSource preact */
/**
 * The detail panel of one subject: who it is, the list hits with reason, legal basis, authority and
 * dates, the measures for this scene, and 「保存查询凭证」. Server data is only ever text content.
 */
import { useEffect, useRef } from "preact/hooks";
import type { CheckItem } from "../../shared/contract/checks";
import { DECISION_COLOURS } from "../../shared/domain/decisions";
import type { SubjectQuery } from "../messages";
import type { MentionState, WatchStatus } from "./describe";
import { ProblemActions } from "./ProblemActions";
import { ReceiptActions } from "./ReceiptActions";

export interface PanelProps {
  query: SubjectQuery;
  state: MentionState;
  scene: string;
  workerOrigin: string;
  onClose: () => void;
  onCheck: () => void;
  onOpenOptions: () => void;
  /** 「监控」: watch this subject for the page's purpose. */
  onWatch?: () => void;
  watch?: WatchStatus | null;
}

/** 「监控」 buttons and what came of the last one (the reason is the page's purpose, the end a year from today). */
export function WatchLine({ status, buttons }: { status: WatchStatus | null | undefined; buttons: { label: string; onClick: () => void }[] }) {
  const busy = status?.kind === "busy";
  return (
    <div class="watch">
      {buttons.map((b) => (
        <button key={b.label} type="button" class="secondary" onClick={b.onClick} disabled={busy}>
          {b.label}
        </button>
      ))}
      {status ? (
        <p class={status.kind === "error" ? "watch-status bad" : "watch-status"} role="status">
          {status.kind === "busy" ? `正在监控${status.what}…` : status.text}
        </p>
      ) : null}
      {status?.kind === "done" && status.failures.length > 0 ? (
        <ul class="watch-failures">
          {status.failures.slice(0, 5).map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Subject({ item, query }: { item: CheckItem; query: SubjectQuery }) {
  const subject = item.subject;
  return (
    <dl>
      <dt>名称</dt>
      <dd>{subject?.name ?? query.name ?? "—"}</dd>
      <dt>代码</dt>
      <dd>{subject?.code ?? query.code}</dd>
      {subject ? (
        <>
          <dt>类型</dt>
          <dd>{subject.kindLabel}</dd>
          <dt>登记状态</dt>
          <dd>{subject.registrationStatus}</dd>
        </>
      ) : null}
      {item.nameMatches === false ? (
        <>
          <dt>名称核对</dt>
          <dd class="bad">页面上的名称“{query.name}”与登记名称不一致</dd>
        </>
      ) : null}
      {item.grade ? (
        <>
          <dt>评价等级</dt>
          <dd>
            {item.grade.grade}（{item.grade.label}，{item.grade.score} 分，{item.grade.modelVersion}）
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function Result({ item, query, scene }: { item: CheckItem; query: SubjectQuery; scene: string }) {
  const colours = item.decision ? DECISION_COLOURS[item.decision] : undefined;
  return (
    <>
      <p>
        {colours ? (
          <span class="decision" style={{ color: colours.text, background: colours.background }}>
            {item.decisionLabel}
          </span>
        ) : null}{" "}
        {item.message}
      </p>
      <Subject item={item} query={query} />
      {item.candidates.length > 0 ? (
        <>
          <h3>同名主体（不代表其中任何一个）</h3>
          <ul>
            {item.candidates.map((c) => (
              <li key={c.code}>
                {c.name} {c.code}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {item.problems.length > 0 ? (
        <>
          <h3>代码问题</h3>
          <ul>
            {item.problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </>
      ) : null}
      {item.status === "ok" ? (
        <>
          <h3>名单记录（{item.hits.length}）</h3>
          {item.hits.length === 0 ? <p class="muted">未发现现行有效的名单记录</p> : null}
          <ul>
            {item.hits.map((hit) => (
              <li key={`${hit.listType}-${hit.docNo}`}>
                <strong>{hit.listName}</strong>：{hit.reason}
                <br />
                <span class="muted">
                  认定依据：{hit.legalBasis ?? "未载明"}；认定部门：{hit.authority.name}；文书号：{hit.docNo}；列入日期：{hit.listedOn}
                  {hit.plannedRemovalOn ? `；计划移出：${hit.plannedRemovalOn}` : ""}
                </span>
              </li>
            ))}
          </ul>
          <h3>本场景（{scene}）适用的措施</h3>
          {item.measures.length === 0 ? <p class="muted">无适用措施</p> : null}
          <ul>
            {item.measures.map((m) => (
              <li key={m.id}>
                <strong>{m.effectLabel}</strong>：{m.text}
                <br />
                <span class="muted">依据：{m.legalBasis}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export function Panel({ query, state, scene, workerOrigin, onClose, onCheck, onOpenOptions, onWatch, watch }: PanelProps) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), [query.code, query.name]);
  const title = query.name ?? query.code;
  return (
    <section
      class="panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="chayicha-panel-title"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header>
        <h2 id="chayicha-panel-title">{title}</h2>
        <button type="button" class="secondary" ref={closeRef} onClick={onClose} aria-label="关闭详情">
          关闭
        </button>
      </header>
      <p class="meta">
        统一社会信用代码 {query.code} · 场景 {scene}
      </p>
      {state.kind === "pending" ? (
        <p>
          尚未核查。<button type="button" onClick={onCheck}>查一查</button>
        </p>
      ) : null}
      {state.kind === "checking" ? <p aria-live="polite">核查中…</p> : null}
      {state.kind === "error" ? (
        <div class="problem" role="alert">
          {state.problem.message}
          <ProblemActions problem={state.problem} onRetry={onCheck} onOpenOptions={onOpenOptions} />
        </div>
      ) : null}
      {state.kind === "done" && !state.result.item ? (
        <div class="problem" role="alert">
          凭证验证失败：此次核查结果的签名无法验证，结果不予显示，请勿采信。{state.result.receipt.verification}
        </div>
      ) : null}
      {state.kind === "done" && state.result.item ? <Result item={state.result.item} query={query} scene={scene} /> : null}
      {onWatch ? (
        <>
          <h3>监控</h3>
          <WatchLine status={watch} buttons={[{ label: "监控", onClick: onWatch }]} />
        </>
      ) : null}
      {state.kind === "done" ? (
        <>
          <h3>查询凭证</h3>
          <ReceiptActions receipt={state.result.receipt} workerOrigin={workerOrigin} />
        </>
      ) : null}
    </section>
  );
}
