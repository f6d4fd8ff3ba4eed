/** @jsxImportSource preact */
/**
 * The page toolbar: what 查一查 found, 「全部查一查」, the summary (已核查 / 不得参与 / 需复核 / 激励), the batch
 * receipts, and the detail panel of the badge last opened.
 */
import { useState } from "preact/hooks";
import type { PageSite, Problem, ReceiptSummary } from "../messages";
import { Panel, type PanelProps } from "./Panel";
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

export interface ToolbarProps {
  site: PageSite;
  kinds: string[];
  summary: Summary;
  pending: number;
  checking: boolean;
  problem: Problem | null;
  receipts: ReceiptSummary[];
  panel: Omit<PanelProps, "onClose" | "onCheck" | "onOpenOptions" | "scene" | "workerOrigin"> | null;
  onCheckAll: () => void;
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
        <button type="button" onClick={props.onCheckAll} disabled={props.checking || props.pending === 0} aria-busy={props.checking ? "true" : undefined}>
          {props.checking ? "核查中…" : props.pending > 0 ? `全部查一查（${props.pending}）` : "全部查一查"}
        </button>
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
        />
      ) : null}
    </div>
  );
}
