/** @jsxImportSource preact */
/**
 * The page toolbar: what 查一查 found, the purpose it will log (查询事由, read from the page), 「全部查一查」
 * with its progress (已核查 1,200 / 5,000), the question when automatic checks reach their budget, the
 * summary (已核查 / 不得参与 / 需复核 / 激励), the batch receipts, and the detail panel of the badge last opened.
 */
import { useState } from "preact/hooks";
import type { PageSite, Problem, ReceiptSummary } from "../messages";
import type { WatchStatus } from "./describe";
import { Panel, type PanelProps, WatchLine } from "./Panel";
import { ProblemActions } from "./ProblemActions";
import { ReceiptActions } from "./ReceiptActions";

export interface Summary {
  found: number;
  checked: number;
  block: number;
  review: number;
  benefit: number;
  unverified: number;
}

/** Subjects answered of those asked for in the current run of checks. */
export interface Progress {
  done: number;
  total: number;
}

/** The purpose as the toolbar shows it: one line of at most `max` characters, cut with 「…」. */
export const PURPOSE_SHOWN = 60;
export function shortPurpose(purpose: string, max = PURPOSE_SHOWN): string {
  const chars = Array.from(purpose.replace(/\s+/g, " ").trim());
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

const count = (n: number) => n.toLocaleString("en-US");

export interface ToolbarProps {
  site: PageSite;
  kinds: string[];
  /** 查询事由 as it will be logged with the next check. */
  purpose: string;
  summary: Summary;
  pending: number;
  checking: boolean;
  progress: Progress | null;
  /** Subjects found in automatic mode past the budget, waiting for the officer. */
  held: number;
  budget: number;
  problem: Problem | null;
  receipts: ReceiptSummary[];
  panel: Omit<PanelProps, "onClose" | "onCheck" | "onOpenOptions" | "scene" | "workerOrigin" | "onWatch"> | null;
  /** Rows the bidder table marks as 中标 (「监控中标人」 is offered only when there are some). */
  winners: number;
  /** Subjects on the page now (「监控全部」). */
  onPage: number;
  /** The toolbar's last 「监控中标人」/「监控全部」. */
  watch: WatchStatus | null;
  onWatchWinners: () => void;
  onWatchAll: () => void;
  onWatchOne: () => void;
  onCheckAll: () => void;
  onContinue: () => void;
  onCheckOne: () => void;
  onClosePanel: () => void;
  onOpenOptions: () => void;
}

export function Toolbar(props: ToolbarProps) {
  const { site, summary, problem } = props;
  // Collapsed, the toolbar leaves the page's corner free (the panel still opens from the badges).
  const [collapsed, setCollapsed] = useState(false);
  return (
    <div class="ui">
      {collapsed ? (
        <button type="button" class="toolbar-pill" aria-expanded="false" onClick={() => setCollapsed(false)}>
          查一查 · 已核查 {summary.checked} · 不得参与 {summary.block}
        </button>
      ) : null}
      <section class="toolbar" role="region" aria-label="查一查" hidden={collapsed}>
        <header class="toolbar-head">
          <h2>查一查</h2>
          <button type="button" class="secondary" aria-expanded="true" onClick={() => setCollapsed(true)}>
            收起
          </button>
        </header>
        <p class="meta">
          {site.label} · 场景 {site.scene} · {props.kinds.join("、")}
        </p>
        <p class="purpose" title={props.purpose}>
          查询事由：{shortPurpose(props.purpose)}
        </p>
        <button type="button" onClick={props.onCheckAll} disabled={props.checking || props.pending === 0} aria-busy={props.checking ? "true" : undefined}>
          {props.checking ? "核查中…" : props.pending > 0 ? `全部查一查（${props.pending}）` : "全部查一查"}
        </button>
        {props.progress ? (
          <p class="progress" role="status">
            <progress max={props.progress.total} value={props.progress.done} aria-hidden="true" />
            已核查 {count(props.progress.done)} / {count(props.progress.total)}
          </p>
        ) : null}
        {props.held > 0 ? (
          <div class="ask" role="alert">
            本页自动核查已达 {count(props.budget)} 个主体的上限，另有 {count(props.held)} 个新发现的主体尚未核查。每次核查都会登记查询事由，请确认后继续。
            <div class="actions">
              <button type="button" onClick={props.onContinue}>
                继续核查（{count(props.held)}）
              </button>
            </div>
          </div>
        ) : null}
        <ul class="summary" aria-live="polite" aria-label="核查汇总">
          <li data-kind="found">发现 {summary.found}</li>
          <li data-kind="checked">已核查 {summary.checked}</li>
          <li data-kind="block">不得参与 {summary.block}</li>
          <li data-kind="review">需复核 {summary.review}</li>
          <li data-kind="benefit">激励 {summary.benefit}</li>
          {summary.unverified > 0 ? <li data-kind="block">凭证验证失败 {summary.unverified}</li> : null}
        </ul>
        {problem ? (
          <div class="problem" role="alert">
            {problem.message}
            <ProblemActions problem={problem} onRetry={props.onCheckAll} onOpenOptions={props.onOpenOptions} />
          </div>
        ) : null}
        {props.onPage > 0 ? (
          <WatchLine
            status={props.watch}
            buttons={[...(props.winners > 0 ? [{ label: `监控中标人（${props.winners}）`, onClick: props.onWatchWinners }] : []), { label: `监控全部（${props.onPage}）`, onClick: props.onWatchAll }]}
          />
        ) : null}
        {props.receipts.length > 0 ? (
          <ul class="receipts" aria-label="本页查询凭证">
            {props.receipts.map((receipt) => (
              <li key={receipt.number}>
                <ReceiptActions receipt={receipt} workerOrigin={site.workerOrigin} />
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      {props.panel ? (
        <Panel
          {...props.panel}
          scene={site.scene}
          workerOrigin={site.workerOrigin}
          onClose={props.onClosePanel}
          onCheck={props.onCheckOne}
          onOpenOptions={props.onOpenOptions}
          onWatch={props.onWatchOne}
        />
      ) : null}
    </div>
  );
}
