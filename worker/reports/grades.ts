/** The grade distribution report: current public grades per grade × district × industry, in one query. */
import type { GradeReport } from "../../shared/contract";
import { GRADES, type Grade, emptyCounts } from "../../shared/domain/evaluation";
import { regionName } from "../../shared/identifiers";
import type { ShardRouter } from "../shards";

interface CellRow {
  grade: Grade;
  region_code: string | null;
  industry_code: string | null;
  industry: string | null;
  n: number;
}

const NONE = "未登记";

/**
 * Counts of the current public grades (the published public model) by grade, district and industry, with
 * the per-district and per-industry totals the admin page charts.
 * @example (await gradeReport(shards, "2026-11-27")).byGrade // { A: 3120, B: 1460, C: 310, D: 72, E: 38 }
 */
export async function gradeReport(shards: ShardRouter, today: string): Promise<GradeReport> {
  // The model in force is configuration (control database); each shard counts its own subjects' current results
  // under that model id (shards hold a copy of the model, mirrorModelsStatement), and the cells are summed here.
  const model = await shards.control.prepare("SELECT id, version FROM evaluation_models WHERE kind = 'public' AND status = 'published'").first<{ id: number; version: string }>();
  const perShard = await Promise.all(
    shards.all().map(({ db }) =>
      db.batch([
        // 注销 subjects are not graded (notEvaluatedReason); the filter also covers a result not yet retired.
        db
          .prepare(
            `SELECT r.grade, s.region_code, s.industry_code, max(s.industry) AS industry, count(*) AS n
               FROM evaluation_results r JOIN subjects s ON s.id = r.subject_id
              WHERE r.current = 1 AND r.model_id = ?1 AND s.registration_status <> '注销'
              GROUP BY r.grade, s.region_code, s.industry_code`,
          )
          .bind(model?.id ?? -1),
        db.prepare("SELECT count(*) AS n FROM subjects WHERE code_type = 'uscc' AND registration_status = '注销'"),
      ]),
    ),
  );
  const cellsByKey = new Map<string, CellRow>();
  let cancelledCount = 0;
  for (const [cells, cancelled] of perShard) {
    cancelledCount += (cancelled?.results[0] as { n: number } | undefined)?.n ?? 0;
    for (const c of (cells?.results ?? []) as CellRow[]) {
      const key = JSON.stringify([c.region_code, c.industry_code, c.grade]);
      const seen = cellsByKey.get(key);
      if (seen) {
        seen.n += c.n;
        seen.industry ??= c.industry;
      } else cellsByKey.set(key, { ...c });
    }
  }
  // The order one database's ORDER BY region, industry, grade gave (NULLs first, as SQLite sorts them).
  const cmp = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : a > b ? 1 : 0);
  const cells = [...cellsByKey.values()].sort((a, b) => cmp(a.region_code, b.region_code) || cmp(a.industry_code, b.industry_code) || cmp(a.grade, b.grade));
  const rows = cells.map((c) => ({
    grade: c.grade,
    regionCode: c.region_code,
    regionName: c.region_code ? (regionName(c.region_code) ?? c.region_code) : NONE,
    industryCode: c.industry_code,
    industryName: c.industry ?? c.industry_code ?? NONE,
    count: c.n,
  }));
  const byGrade = emptyCounts();
  const regions = new Map<string, GradeReport["byRegion"][number]>();
  const industries = new Map<string, GradeReport["byIndustry"][number]>();
  for (const row of rows) {
    byGrade[row.grade] += row.count;
    const region = regions.get(row.regionCode ?? "") ?? { regionCode: row.regionCode, regionName: row.regionName, counts: emptyCounts(), total: 0 };
    region.counts[row.grade] += row.count;
    region.total += row.count;
    regions.set(row.regionCode ?? "", region);
    const industry = industries.get(row.industryCode ?? "") ?? { industryCode: row.industryCode, industryName: row.industryName, counts: emptyCounts(), total: 0 };
    industry.counts[row.grade] += row.count;
    industry.total += row.count;
    industries.set(row.industryCode ?? "", industry);
  }
  return {
    asOf: today,
    modelVersion: model?.version ?? null,
    total: GRADES.reduce((n, g) => n + byGrade[g], 0),
    byGrade,
    cancelled: cancelledCount,
    byRegion: [...regions.values()].sort((a, b) => b.total - a.total),
    byIndustry: [...industries.values()].sort((a, b) => b.total - a.total),
    rows,
  };
}
