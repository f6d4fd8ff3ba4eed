/** @jsxImportSource preact */
/**
 * The approval banner: raised without a click when the applicant is a key-supervision target, on the
 * serious-dishonesty list, or on the red list — with the measures that apply in this scene.
 */
import type { CheckItem } from "../../shared/contract/checks";
import { BANNER_LISTS } from "./describe";

export function bannerItems(items: readonly CheckItem[]): CheckItem[] {
  return items.filter((item) => item.hits.some((hit) => BANNER_LISTS.has(hit.listType)));
}

export function Banner({ items, scene }: { items: CheckItem[]; scene: string }) {
  const negative = items.some((item) => item.hits.some((hit) => hit.polarity === "negative" && BANNER_LISTS.has(hit.listType)));
  return (
    <div class="ui">
      <section class="banner" role="alert" data-tone={negative ? "block" : "benefit"} aria-label="查一查 审批提示">
        <h2>{negative ? "查一查：申请人列入失信或重点监管名单" : "查一查：申请人列入守信激励名单"}</h2>
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
      </section>
    </div>
  );
}
