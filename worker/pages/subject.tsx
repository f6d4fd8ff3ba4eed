import { RegistrationFacts } from "./registration-facts";
import type { SubjectProfile } from "../../shared/contract";
import { chinaDateTime } from "../../shared/domain/dates";
import { Layout } from "./layout";
import { LicencesTable } from "./licences";

const wan = (v: number | null) => (v === null ? "—" : `${v.toLocaleString("zh-CN", { maximumFractionDigits: 4 })} 万元`);

export function SubjectPage({ profile }: { profile: SubjectProfile }) {
  const p = profile;
  return (
    <Layout title={p.name}>
      <article class="subject">
        <header class="subject-header">
          <h1>{p.name}</h1>
          <p class="code">
            {p.codeType === "uscc" ? "统一社会信用代码" : "身份证号码"}：{p.code}
            {p.checksumLegacy && <span class="tag tag-legacy">早期试点代码（第18位校验位不符，来源权威，予以保留）</span>}
          </p>
          <Verdict profile={p} />
        </header>

        <section aria-labelledby="basic">
          <h2 id="basic">基本信息</h2>
          <dl class="facts">
            <dt>主体类型</dt>
            <dd>{p.kindLabel}</dd>
            {p.legalRepresentative && (
              <>
                <dt>法定代表人 / 负责人</dt>
                <dd>{p.legalRepresentative}</dd>
              </>
            )}
            <RegistrationFacts profile={p} />
            <dt>行业</dt>
            <dd>{p.industry ? `${p.industry.name}（${p.industry.code}）` : "—"}</dd>
            {p.registeredCapitalWan !== null && (
              <>
                <dt>注册资本</dt>
                <dd>{wan(p.registeredCapitalWan)}</dd>
              </>
            )}
            {p.address && (
              <>
                <dt>住所</dt>
                <dd>{p.address}</dd>
              </>
            )}
            {p.codeInfo && (
              <>
                <dt>代码解析</dt>
                <dd>
                  登记管理部门：{p.codeInfo.registrationDepartment}；机构类别：{p.codeInfo.category}；登记机关区划：
                  {p.codeInfo.region ?? "—"}
                </dd>
              </>
            )}
          </dl>
        </section>

        <section aria-labelledby="lists">
          <h2 id="lists">名单信息（{p.lists.length}）</h2>
          {p.lists.length === 0 ? (
            <p class="empty">未列入依法公开的名单。</p>
          ) : (
            <ul class="entries">
              {p.lists.map((l) => (
                <li class={`entry entry-${l.polarity}`}>
                  <h3>
                    {l.listName}
                    {l.objectionOpen && <span class="tag tag-objection">异议处理中</span>}
                  </h3>
                  <dl class="facts">
                    <dt>列入事由</dt>
                    <dd>{l.reason}</dd>
                    <dt>认定依据</dt>
                    <dd>{l.legalBasis ?? "—"}</dd>
                    <dt>认定部门</dt>
                    <dd>{l.authority.name}</dd>
                    <dt>文书号</dt>
                    <dd>{l.docNo}</dd>
                    <dt>列入日期</dt>
                    <dd>{l.listedOn}</dd>
                    <dt>计划移出日期</dt>
                    <dd>{l.plannedRemovalOn ?? "—"}</dd>
                  </dl>
                  <CaseLinks profile={p} docNo={l.docNo} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="penalties">
          <h2 id="penalties">行政处罚（公示期内 {p.penalties.length} 条）</h2>
          {p.penalties.length === 0 ? (
            <p class="empty">无公示期内的行政处罚信息。</p>
          ) : (
            <ul class="entries">
              {p.penalties.map((r) => (
                <li class="entry entry-negative">
                  <h3>
                    {r.docNo}
                    {r.severityLabel && <span class={`tag tag-${r.severity}`}>{r.severityLabel}失信</span>}
                    {r.objectionOpen && <span class="tag tag-objection">异议处理中</span>}
                  </h3>
                  <dl class="facts">
                    <dt>违法行为类型</dt>
                    <dd>{r.violation ?? "—"}</dd>
                    <dt>违法事实</dt>
                    <dd>{r.facts ?? "—"}</dd>
                    <dt>处罚依据</dt>
                    <dd>{r.basis ?? "—"}</dd>
                    <dt>处罚类别</dt>
                    <dd>{r.kinds.join("、") || "—"}</dd>
                    <dt>处罚内容</dt>
                    <dd>{r.content ?? "—"}</dd>
                    <dt>罚款金额</dt>
                    <dd>{wan(r.fineWan)}</dd>
                    <dt>处罚机关</dt>
                    <dd>{r.authority.name}</dd>
                    <dt>处罚决定日期</dt>
                    <dd>{r.decidedOn}</dd>
                    <dt>公示截止日期</dt>
                    <dd>{r.publishUntil ?? "—"}</dd>
                  </dl>
                  <CaseLinks profile={p} docNo={r.docNo} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="licences">
          <h2 id="licences">行政许可（{p.licences.length} 条）</h2>
          <LicencesTable licences={p.licences} />
        </section>
        <p class="small">
          近90天内工作人员依法查询该主体 {p.officialQueries90d} 次。截至 {p.asOf}（北京时间）。
          {p.dataVersion ? `数据版本：批次 ${p.dataVersion.batchId}，入库于 ${chinaDateTime(p.dataVersion.receivedAt)}。` : ""}
          公示期满或已完成信用修复的信息不再展示。
        </p>
      </article>
    </Layout>
  );
}

/**
 * The subject's rights beside each record: apply for repair (信用修复) or object (异议). Natural persons are
 * shown with a masked number, which cannot fill the form; their list (失信被执行人) is repaired by the court.
 */
function CaseLinks({ profile, docNo }: { profile: SubjectProfile; docNo: string }) {
  if (profile.codeType !== "uscc") return null;
  const query = new URLSearchParams({ subjectCode: profile.code, docNo }).toString();
  return (
    <p class="case-links small">
      <a href={`/repair?${query}`}>申请信用修复</a> · <a href={`/objection?${query}`}>提出异议</a>
    </p>
  );
}

function Verdict({ profile }: { profile: SubjectProfile }) {
  const { negativeLists, redList, publicPenalties } = profile.summary;
  if (negativeLists > 0) return <p class="verdict verdict-bad">列入失信类名单 {negativeLists} 项，请核实后再办理相关事项。</p>;
  if (publicPenalties > 0) return <p class="verdict verdict-warn">有 {publicPenalties} 条公示期内的行政处罚。</p>;
  if (redList) return <p class="verdict verdict-good">列入守信激励对象名单。</p>;
  return <p class="verdict verdict-ok">未发现公示期内的失信信息。</p>;
}
