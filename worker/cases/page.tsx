/** The public tracking page of a case. */
import type { CaseView } from "../../shared/contract/cases";
import { chinaDateTime } from "../../shared/domain/dates";
import { Layout } from "../pages/layout";

/** /cases/{tracking}: the state, the deadline and the history; the applicant masked. */
export function CasePage(props: { view: CaseView }) {
  const v = props.view;
  return (
    <Layout title={`办理进度 ${v.tracking}`}>
      <section class="case-page">
        <h1>
          {v.kind === "repair" ? "信用修复申请" : "异议申诉"} {v.tracking}
        </h1>
        <p>
          <span class={`tag case-state case-state-${v.state}`}>{v.stateLabel}</span>
          {v.overdue && <span class="tag tag-objection">已超过办理期限</span>}
        </p>
        <dl class="facts">
          <dt>主体</dt>
          <dd>
            {v.target.subjectName}（{v.target.subjectCode}）
          </dd>
          <dt>文书号</dt>
          <dd>{v.target.docNo}</dd>
          <dt>{v.target.kind === "record" ? "违法行为类型" : "名单"}</dt>
          <dd>{v.target.title}</dd>
          <dt>办理部门</dt>
          <dd>{v.target.authority.name}</dd>
          <dt>申请人</dt>
          <dd>
            {v.applicant.name}，{v.applicant.contact}
          </dd>
          <dt>办理期限</dt>
          <dd>
            {v.deadline} 前作出决定
            {v.deadlineProvisional && "（暂定：期限涉及尚未公布节假日安排的年份，公布后将重新计算）"}
          </dd>
          {v.decision && (
            <>
              <dt>决定理由</dt>
              <dd>{v.decision}</dd>
            </>
          )}
        </dl>
        <h2>办理历史</h2>
        <ol class="case-history">
          {v.history.map((h) => (
            <li>
              <time datetime={h.at}>{chinaDateTime(h.at)}</time> {h.label}
              {h.note && <span>：{h.note}</span>}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
