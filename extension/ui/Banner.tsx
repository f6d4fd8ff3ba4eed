/** @jsxImportSource preact */
/**
 * The approval banner: raised without a click when the applicant is a key-supervision target, on the
 * serious-dishonesty list, or on the red list — with the measures that apply in this scene. On a form
 * handled under 告知承诺制 it also offers 「登记告知承诺」 for the checked applicant, prefilled from the page
 * (issue 14) — unless the check blocks the applicant, who then does not enjoy 告知承诺 (国办发〔2020〕42号).
 */
import type { CheckItem } from "../../shared/contract/checks";
import { COMMITMENT_TYPES } from "../../shared/contract/monitoring";
import type { CommitmentDraft } from "../messages";
import { BANNER_LISTS } from "./describe";

export type CommitmentStatus = { kind: "idle" } | { kind: "busy" } | { kind: "done"; text: string } | { kind: "error"; text: string };

export interface CommitmentOffer {
  /** The applicant as checked. */
  applicant: { code: string; name: string };
  draft: CommitmentDraft;
  /** Why it is not offered (the check blocks the applicant), or null. */
  refused: string | null;
  status: CommitmentStatus;
  onRegister: (draft: CommitmentDraft) => void;
}

/** The form as the officer left it (read at submit: what is on screen is what is registered). */
function readForm(form: HTMLFormElement, code: string): CommitmentDraft {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value.trim() ?? "";
  return { code, type: value("type"), matter: value("matter"), ref: value("ref"), madeOn: value("madeOn"), verifyBy: value("verifyBy") };
}

function CommitmentForm({ offer }: { offer: CommitmentOffer }) {
  const { draft } = offer;
  if (offer.refused) {
    return (
      <section class="commitment" aria-label="告知承诺">
        <p class="bad">本件按告知承诺制办理，但{offer.refused}：不适用告知承诺，请按一般程序审查。</p>
      </section>
    );
  }
  const { status } = offer;
  return (
    <section class="commitment" aria-label="登记告知承诺">
      <h3>
        登记告知承诺：{offer.applicant.name}（{offer.applicant.code}）
      </h3>
      {status.kind === "done" ? (
        <p class="commitment-status" role="status">
          {status.text}
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            offer.onRegister(readForm(e.currentTarget as HTMLFormElement, offer.applicant.code));
          }}
        >
          <label>
            承诺类型
            <select name="type">
              {COMMITMENT_TYPES.map((t) => (
                <option key={t} value={t} selected={t === draft.type}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label>
            承诺事项
            <input name="matter" defaultValue={draft.matter} />
          </label>
          <label>
            受理编号
            <input name="ref" defaultValue={draft.ref} />
          </label>
          <label>
            承诺日期
            <input name="madeOn" type="date" defaultValue={draft.madeOn} />
          </label>
          <label>
            核查日期
            <input name="verifyBy" type="date" defaultValue={draft.verifyBy} />
          </label>
          <button type="submit" disabled={status.kind === "busy"}>
            {status.kind === "busy" ? "登记中…" : "登记告知承诺"}
          </button>
          {status.kind === "error" ? (
            <p class="commitment-status bad" role="alert">
              {status.text}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}

export function bannerItems(items: readonly CheckItem[]): CheckItem[] {
  return items.filter((item) => item.hits.some((hit) => BANNER_LISTS.has(hit.listType)));
}

export function Banner({ items, scene, commitment }: { items: CheckItem[]; scene: string; commitment?: CommitmentOffer | null }) {
  const negative = items.some((item) => item.hits.some((hit) => hit.polarity === "negative" && BANNER_LISTS.has(hit.listType)));
  const heading = items.length === 0 ? "查一查：告知承诺" : negative ? "查一查：申请人列入失信或重点监管名单" : "查一查：申请人列入守信激励名单";
  return (
    <div class="ui">
      <section class="banner" role={items.length > 0 ? "alert" : "region"} data-tone={items.length === 0 ? "info" : negative ? "block" : "benefit"} aria-label="查一查 审批提示">
        <h2>{heading}</h2>
        {items.map((item) => (
          <div key={item.ref}>
            <p>
              <strong>{item.subject?.name ?? item.input.name ?? item.input.code}</strong>（{item.subject?.code ?? item.input.code}）：
              {item.hits
                .filter((hit) => BANNER_LISTS.has(hit.listType))
                .map((hit) => hit.listName)
                .join("、")}
              。结论：{item.decisionLabel}
            </p>
            {negative ? <p>请列为重点审查对象；不适用告知承诺制，按一般程序审查。</p> : <p>可依法适用容缺受理、绿色通道等便利措施。</p>}
            <ul aria-label={`${scene} 适用的措施`}>
              {item.measures.map((m) => (
                <li key={m.id}>
                  {m.effectLabel}：{m.text}（依据：{m.legalBasis}）
                </li>
              ))}
            </ul>
          </div>
        ))}
        {/* Keyed by applicant: another applicant typed into the form gets a fresh draft. */}
        {commitment ? <CommitmentForm key={commitment.applicant.code} offer={commitment} /> : null}
      </section>
    </div>
  );
}
