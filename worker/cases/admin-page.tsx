/** /admin/cases: both queues for the 信用管理员 (oversight only), overdue first, with the handling statistics. */
import { Hono } from "hono";
import { CaseListQuery, type CaseStats, type CaseSummary } from "../../shared/contract/cases";
import { appendQueryLog } from "../audit/log";
import type { AppEnv } from "../env";
import { auditSubjectRef } from "../lookup/profile";
import { AdminNav } from "../pages/admin-nav";
import { ErrorPage, Layout } from "../pages/layout";
import { loadWorkCalendar } from "../calendar/queries";
import { caseStatsRows, listCases } from "./queries";
import { caseStats, toCaseSummary } from "./view";

const percent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(2)}%`);
const days = (n: number | null) => (n === null ? "—" : `${n} 个工作日`);

function CasesPage(props: { items: CaseSummary[]; stats: CaseStats; kind?: string | undefined; state?: string | undefined }) {
  const { stats } = props;
  return (
    <Layout title="信用修复与异议案件">
      <section>
        <AdminNav current="/admin/cases" />
        <h1>信用修复与异议案件</h1>
        <p class="small">信用管理员监督办理情况；决定由认定部门（修复）或信息提供单位（异议）的工作人员作出。</p>
        <dl class="facts case-stats">
          <dt>信用修复</dt>
          <dd>
            共 {stats.repairs.total} 件，办理中 {stats.repairs.open} 件，超期 {stats.repairs.overdue} 件，平均处理时间 {days(stats.repairs.averageWorkingDays)}
            {stats.repairs.averageProvisional && "（暂定）"}
          </dd>
          <dt>异议申诉</dt>
          <dd>
            共 {stats.objections.total} 件，办理中 {stats.objections.open} 件，超期 {stats.objections.overdue} 件，平均处理时间 {days(stats.objections.averageWorkingDays)}
            {stats.objections.averageProvisional && "（暂定）"}，有效异议占比{" "}
            {percent(stats.objections.validShare)}
          </dd>
        </dl>
        <form action="/admin/cases" method="get" class="case-filter">
          <label for="kind">类别</label>
          <select id="kind" name="kind">
            <option value="">全部</option>
            <option value="repair" selected={props.kind === "repair"}>
              信用修复
            </option>
            <option value="objection" selected={props.kind === "objection"}>
              异议申诉
            </option>
          </select>
          <label for="state">状态</label>
          <select id="state" name="state">
            <option value="">全部</option>
            {[
              ["submitted", "已提交 / 异议处理中"],
              ["accepted", "已受理"],
              ["repaired", "已修复"],
              ["refused", "不予修复"],
              ["dismissed", "维持"],
              ["corrected", "更正"],
              ["deleted", "删除"],
            ].map(([value, label]) => (
              <option value={value} selected={props.state === value}>
                {label}
              </option>
            ))}
          </select>
          <button type="submit">筛选</button>
        </form>
        {props.items.some((i) => i.deadlineProvisional) && (
          <p class="notice notice-warning" role="status">
            标“暂定”的决定期限涉及尚无节假日安排的年份，暂按周一至周五计算，可能有误。请在国务院办公厅公布该年节假日安排后，通过
            PUT /api/v1/calendar/{"{year}"} 录入，期限将自动重新计算。
          </p>
        )}
        {props.items.length === 0 ? (
          <p class="empty">没有符合条件的案件。</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>受理编号</th>
                  <th>主体</th>
                  <th>文书号</th>
                  <th>状态</th>
                  <th>期限</th>
                  <th>办理单位</th>
                </tr>
              </thead>
              <tbody>
                {props.items.map((i) => (
                  <tr class={i.overdue ? "case-overdue" : ""}>
                    <td>
                      <a href={`/cases/${i.tracking}`}>{i.tracking}</a>
                    </td>
                    <td>{i.subjectName}</td>
                    <td>{i.docNo}</td>
                    <td>{i.stateLabel}</td>
                    <td>
                      {i.deadline}
                      {i.deadlineProvisional && "（暂定）"}
                      {i.overdue && "（已超期）"}
                    </td>
                    <td>{i.deciderCode}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}

/** Mounted after the admin routes so their /admin/* middleware (CSRF, cookie session) covers it. */
export const caseAdminRoutes = new Hono<AppEnv>().get("/admin/cases", async (c) => {
  const principal = c.var.principal;
  if (principal.role !== "admin") return c.redirect("/admin/login", 303);
  const raw = c.req.query();
  const parsed = CaseListQuery.safeParse({ kind: raw.kind || undefined, state: raw.state || undefined, overdue: raw.overdue || undefined, limit: 500 });
  if (!parsed.success) return c.html(<ErrorPage title="筛选条件不正确" message={parsed.error.issues[0]?.message ?? ""} />, 400);
  const q = parsed.data;
  const rows = await listCases(c.var.shards, { kind: q.kind, state: q.state, overdueOnly: q.overdue === "true", limit: q.limit }, c.var.today);
  const items = rows.map((r) => toCaseSummary(r, c.var.today));
  const stats = caseStats(await caseStatsRows(c.var.shards), c.var.today, await loadWorkCalendar(c.var.db));
  await appendQueryLog(c.var.shards, principal, {
    route: "GET /admin/cases",
    scene: "supervision",
    purpose: "案件队列",
    subjects: rows.map((r) => auditSubjectRef({ code: r.subject_code, code_type: r.code_type as "uscc" })),
    answer: JSON.stringify(items),
  });
  return c.html(<CasesPage items={items} stats={stats} kind={q.kind} state={q.state} />);
});
