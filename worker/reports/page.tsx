import type { GradeReport, SupervisionTier } from "../../shared/contract";
import { GRADES, GRADE_LABEL } from "../../shared/domain/evaluation";
import { Layout } from "../pages/layout";
import { GradeBars, RegionStacks } from "./chart";
import { AdminNav } from "../pages/admin-nav";

/** Districts shown in the stacked chart (the rest are in the table). */
const CHART_REGIONS = 20;

/** /admin/grades: the grade distribution with server-rendered SVG charts and the tables behind them. */
export function GradesPage(props: { report: GradeReport; tiers: SupervisionTier[] }) {
  const { report } = props;
  const tierOf = new Map(props.tiers.map((t) => [t.grade, t]));
  return (
    <Layout title="评价等级分布">
      <AdminNav current="/admin/grades" />
      <h1>公共信用综合评价等级分布</h1>
      <p class="result-count">
        截至 {report.asOf}，按现行模型 {report.modelVersion ?? "（尚无已发布模型）"} 评价的主体共 {report.total} 户；另有已注销主体{" "}
        {report.cancelled} 户，已注销，不予评价，不计入分布。
        <a href="/api/v1/reports/grades">JSON</a> · <a href="/admin/audit">查询使用登记</a>
      </p>
      <section>
        <h2>各等级主体数</h2>
        <GradeBars counts={report.byGrade} />
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">等级</th>
                <th scope="col">主体数</th>
                <th scope="col">监管类别</th>
                <th scope="col">抽查比例</th>
                <th scope="col">抽查频次</th>
              </tr>
            </thead>
            <tbody>
              {GRADES.map((g) => (
                <tr>
                  <td>{`${g} ${GRADE_LABEL[g]}`}</td>
                  <td>{report.byGrade[g]}</td>
                  <td>{tierOf.get(g)?.tier ?? "—"}</td>
                  <td>{tierOf.has(g) ? `${Math.round(tierOf.get(g)!.spotCheckRatio * 1000) / 10}%` : "—"}</td>
                  <td>{tierOf.get(g)?.frequency ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section>
        <h2>各区县等级构成</h2>
        <RegionStacks regions={report.byRegion.slice(0, CHART_REGIONS)} />
        <CountsTable caption="区县" rows={report.byRegion.map((r) => ({ name: r.regionName, counts: r.counts, total: r.total }))} />
      </section>
      <section>
        <h2>各行业等级构成</h2>
        <CountsTable caption="行业" rows={report.byIndustry.map((r) => ({ name: r.industryName, counts: r.counts, total: r.total }))} />
      </section>
    </Layout>
  );
}

function CountsTable(props: { caption: string; rows: { name: string; counts: GradeReport["byGrade"]; total: number }[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{props.caption}</th>
            {GRADES.map((g) => (
              <th scope="col">{g}</th>
            ))}
            <th scope="col">合计</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{r.name}</td>
              {GRADES.map((g) => (
                <td>{r.counts[g]}</td>
              ))}
              <td>{r.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
