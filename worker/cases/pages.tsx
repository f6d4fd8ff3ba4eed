/** Public pages of 信用修复 and 异议申诉: find the information, file, then follow the case by its number. */
import { REPAIR_COMMITMENT_TEXT, type CaseView } from "../../shared/contract/cases";
import type { Eligibility } from "../../shared/domain/repair";
import { LIST_TYPE_INFO, type ListType } from "../../shared/domain/lists";
import { Layout } from "../pages/layout";
import type { TargetRow } from "./targets";
import { chinaDateTime } from "../../shared/domain/dates";

export interface FormValues {
  subjectCode?: string;
  docNo?: string;
  applicantName?: string;
  applicantContact?: string;
  statement?: string;
  reason?: string;
}

function TargetSummary(props: { target: TargetRow }) {
  const t = props.target;
  const title = t.target_kind === "list_entry" ? (LIST_TYPE_INFO[t.title as ListType]?.name ?? t.title) : t.title;
  return (
    <dl class="facts case-target">
      <dt>主体</dt>
      <dd>{t.subject_name}</dd>
      <dt>{t.target_kind === "record" ? "决定书文号" : "决定文书号"}</dt>
      <dd>{t.doc_no}</dd>
      <dt>{t.target_kind === "record" ? "违法行为类型" : "名单"}</dt>
      <dd>{title}</dd>
      <dt>{t.target_kind === "record" ? "决定日期" : "列入日期"}</dt>
      <dd>{t.decided_on}</dd>
      <dt>认定部门</dt>
      <dd>{t.authority_name}</dd>
    </dl>
  );
}

function FindForm(props: { action: string; values: FormValues }) {
  return (
    <form class="case-form" action={props.action} method="get">
      <label for="subjectCode">统一社会信用代码（自然人为身份证号码）</label>
      <input id="subjectCode" name="subjectCode" required maxlength={40} value={props.values.subjectCode ?? ""} />
      <label for="docNo">行政处罚决定书文号或名单决定文书号</label>
      <input id="docNo" name="docNo" required maxlength={100} value={props.values.docNo ?? ""} />
      <button type="submit">查找</button>
    </form>
  );
}

function Applicant(props: { values: FormValues }) {
  return (
    <>
      <input type="hidden" name="subjectCode" value={props.values.subjectCode ?? ""} />
      <input type="hidden" name="docNo" value={props.values.docNo ?? ""} />
      <label for="applicantName">申请人（经办人）姓名</label>
      <input id="applicantName" name="applicantName" required maxlength={50} value={props.values.applicantName ?? ""} />
      <label for="applicantContact">联系方式（手机号、固定电话或电子邮箱）</label>
      <input id="applicantContact" name="applicantContact" required maxlength={320} value={props.values.applicantContact ?? ""} />
    </>
  );
}

const Problem = (props: { error?: string | undefined }) =>
  props.error ? (
    <p class="notice notice-error" role="alert">
      {props.error}
    </p>
  ) : null;

/** /repair: find the record, see whether it can be repaired, then apply with the 信用承诺. */
export function RepairPage(props: { values: FormValues; target?: TargetRow | undefined; eligibility?: Eligibility | undefined; error?: string | undefined }) {
  const { target, eligibility } = props;
  return (
    <Layout title="申请信用修复">
      <section class="case-page">
        <h1>申请信用修复</h1>
        <p class="small">按“谁认定、谁修复”，由作出决定的部门审核；最短公示期满、已纠正失信行为并履行法定义务后可以申请。</p>
        <Problem error={props.error} />
        <FindForm action="/repair" values={props.values} />
        {target && <TargetSummary target={target} />}
        {eligibility && !eligibility.eligible && (
          <p class="notice notice-error">
            {eligibility.message}
            {eligibility.applyFrom && <span>（可申请日期：{eligibility.applyFrom}）</span>}
          </p>
        )}
        {target && eligibility?.eligible && (
          <form class="case-form" action="/repair" method="post" enctype="multipart/form-data">
            <p class="notice">{eligibility.basis}</p>
            <Applicant values={props.values} />
            <label for="statement">失信行为纠正及法定义务履行情况</label>
            <textarea id="statement" name="statement" required maxlength={2000} rows={5}>
              {props.values.statement ?? ""}
            </textarea>
            <label for="files">证明材料（PDF、JPEG 或 PNG，最多 5 个，每个不超过 10 MB；可不上传）</label>
            <input id="files" name="files" type="file" multiple accept="application/pdf,image/jpeg,image/png" />
            <fieldset>
              <legend>信用承诺书</legend>
              <p>{REPAIR_COMMITMENT_TEXT}</p>
              <label>
                <input type="checkbox" name="commitmentAccepted" value="on" required /> 我已阅读并作出上述承诺
              </label>
            </fieldset>
            <button type="submit">提交申请</button>
          </form>
        )}
      </section>
    </Layout>
  );
}

/** /objection: find the information, then state why it is wrong. */
export function ObjectionPage(props: { values: FormValues; target?: TargetRow | undefined; error?: string | undefined }) {
  return (
    <Layout title="提出异议">
      <section class="case-page">
        <h1>对公示信息提出异议</h1>
        <p class="small">提交后该信息立即标注“异议处理中”，由信息提供单位在 5 个工作日内核实并作出维持、更正或删除的决定。</p>
        <Problem error={props.error} />
        <FindForm action="/objection" values={props.values} />
        {props.target && <TargetSummary target={props.target} />}
        {props.target && (
          <form class="case-form" action="/objection" method="post">
            <Applicant values={props.values} />
            <label for="reason">异议理由</label>
            <textarea id="reason" name="reason" required maxlength={2000} rows={5}>
              {props.values.reason ?? ""}
            </textarea>
            <button type="submit">提交异议</button>
          </form>
        )}
      </section>
    </Layout>
  );
}

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
