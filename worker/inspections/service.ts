/**
 * 双随机、一公开 samples: the population the filter selects (operating organisations, graded by the public
 * model in force), stratified by supervision tier, drawn reproducibly from the seed.
 */
import type { InspectionSample, SampleBody } from "../../shared/contract";
import { GRADES, type Grade, allocateSample, drawStratified } from "../../shared/domain/evaluation";
import { regionName } from "../../shared/identifiers";
import { tierStatement, toTiers } from "../evaluation/tiers";

/** Subjects not graded yet are inspected as the middle tier until their first evaluation. */
const UNGRADED_AS: Grade = "C";

interface MemberRow {
  id: number;
  grade: Grade | null;
}

interface DetailRow {
  id: number;
  code: string;
  name: string;
  region_code: string | null;
  industry_code: string | null;
  industry: string | null;
}

/**
 * Draws the sample. The population is every organisation still operating (存续 / 在业) that matches the
 * filter, in subject-id order, so the same seed over the same population gives the same list.
 * @example await drawSample(db, { size: 50, seed: 20261127 }) // 50 subjects, D and E tiers over-represented
 */
export async function drawSample(db: D1DatabaseSession, request: SampleBody): Promise<InspectionSample> {
  const f = request.filter ?? {};
  const [members, tiers, model] = await db.batch([
    db
      .prepare(
        `SELECT s.id, r.grade
           FROM subjects s
           LEFT JOIN evaluation_results r
             ON r.subject_id = s.id AND r.current = 1
            AND r.model_id = (SELECT id FROM evaluation_models WHERE kind = 'public' AND status = 'published')
          WHERE s.code_type = 'uscc' AND s.registration_status IN ('存续', '在业')
            AND (?1 IS NULL OR s.region_code = ?1)
            AND (?2 IS NULL OR s.industry_code = ?2)
            AND (?3 IS NULL OR s.kind IN (SELECT value FROM json_each(?3)))
          ORDER BY s.id`,
      )
      .bind(f.regionCode ?? null, f.industryCode ?? null, f.kinds ? JSON.stringify(f.kinds) : null),
    tierStatement(db),
    db.prepare("SELECT version FROM evaluation_models WHERE kind = 'public' AND status = 'published'"),
  ]);
  const tierByGrade = toTiers(tiers?.results ?? []);
  const pools = Object.fromEntries(GRADES.map((g) => [g, [] as number[]])) as Record<Grade, number[]>;
  const wanted = new Set<Grade>(f.grades ?? GRADES);
  let ungraded = 0;
  for (const row of (members?.results ?? []) as MemberRow[]) {
    const grade = row.grade ?? UNGRADED_AS;
    if (!wanted.has(grade)) continue;
    if (row.grade === null) ungraded++;
    pools[grade].push(row.id);
  }
  const strata = GRADES.map((grade) => ({ grade, population: pools[grade].length, ratio: tierByGrade.get(grade)?.spotCheckRatio ?? 0 }));
  const allocation = allocateSample(strata, request.size);
  const drawn = drawStratified(pools, allocation, request.seed);

  const details = await db
    .prepare("SELECT id, code, name, region_code, industry_code, industry FROM subjects WHERE id IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify(drawn.map((d) => d.member)))
    .all<DetailRow>();
  const byId = new Map(details.results.map((d) => [d.id, d]));
  return {
    seed: request.seed,
    requested: request.size,
    drawn: drawn.length,
    modelVersion: (model?.results[0] as { version: string } | undefined)?.version ?? null,
    population: { total: strata.reduce((n, s) => n + s.population, 0), byGrade: Object.fromEntries(strata.map((s) => [s.grade, s.population])) as Record<Grade, number>, ungraded },
    allocation,
    tiers: GRADES.flatMap((g) => tierByGrade.get(g) ?? []),
    items: drawn.map(({ grade, member }) => {
      const d = byId.get(member)!;
      return {
        code: d.code,
        name: d.name,
        grade,
        tier: tierByGrade.get(grade)?.tier ?? grade,
        regionCode: d.region_code,
        regionName: d.region_code ? (regionName(d.region_code) ?? null) : null,
        industryCode: d.industry_code,
        industry: d.industry,
      };
    }),
  };
}
