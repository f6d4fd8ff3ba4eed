/** @jsxImportSource preact */
/** The badge after a mention: grade, decision colour and number of hits; a button that opens the panel. */
import type { BadgeView } from "./describe";

export function Badge({ view, onActivate }: { view: BadgeView; onActivate: () => void }) {
  return (
    <button
      type="button"
      class="badge"
      data-state={view.state}
      data-decision={view.decision}
      aria-label={view.label}
      title={view.label}
      aria-busy={view.state === "checking" ? "true" : undefined}
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        onActivate();
      }}
    >
      {view.grade ? <span class="grade">{view.grade}</span> : null}
      <span class="text">{view.text}</span>
      {view.hits ? <span class="hits">· 命中{view.hits}</span> : null}
      {view.nameMismatch ? <span class="warn" aria-hidden="true">!</span> : null}
    </button>
  );
}
