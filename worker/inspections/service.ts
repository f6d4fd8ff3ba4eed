/**
 * 双随机、一公开 samples: the population the filter selects (operating organisations, graded by the public
 * model in force), stratified by supervision tier, drawn reproducibly from the seed.
 */
import type { InspectionSample, SampleBody } from "../../shared/contract";
import { GRADES, type Grade, allocateSample, drawStratified } from "../../shared/domain/evaluation";
import { regionName } from "../../shared/identifiers";
import { tierStatement, toTiers } from "../evaluation/tiers";
import type { Shard, ShardRouter } from "../shards";

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
 * filter, so the same seed over the same population gives the same list. With one database the population is
 * in subject-id order (as it always was, so earlier samples can be re-drawn from their seeds). Over shards it
 * is the union of every shard's population in code order: ids are per database, while a code names the same
 * subject wherever its bucket lives, so a draw does not change when a bucket moves. The strata (grades) are
 * formed over the whole union, so allocation by supervision tier is across shards, not per shard.
 * @example await drawSample(shards, { size: 50, seed: 20261127 }) // 50 subjects, D and E tiers over-represented
 */
export async function drawSample(shards: ShardRouter, request: SampleBody): Promise<InspectionSample> {
  const f = request.filter ?? {};
  const control = shards.control;
  const [tiers, model] = await control.batch([tierStatement(control), control.prepare("SELECT id, version FROM evaluation_models WHERE kind = 'public' AND status = 'published'")]);
  const modelRow = model?.results[0] as { id: number; version: string } | undefined;
  const perShard = await Promise.all(
    shards.all().map(async (shard) => ({
      shard,
      rows: (
        await shard.db
          .prepare(
            `SELECT s.id, s.code, r.grade
               FROM subjects s
               LEFT JOIN evaluation_results r ON r.subject_id = s.id AND r.current = 1 AND r.model_id = ?4
              WHERE s.code_type = 'uscc' AND s.registration_status IN ('存续', '在业')
                AND (?1 IS NULL OR s.region_code = ?1)
                AND (?2 IS NULL OR s.industry_code = ?2)
                AND (?3 IS NULL OR s.kind IN (SELECT value FROM json_each(?3)))
              ORDER BY s.id`,
          )
          .bind(f.regionCode ?? null, f.industryCode ?? null, f.kinds ? JSON.stringify(f.kinds) : null, modelRow?.id ?? -1)
          .all<MemberRow & { code: string }>()
      ).results,
    })),
  );
  const shardOfCode = new Map<string, Shard>();
  const all: (MemberRow & { code: string })[] = [];
  for (const { shard, rows } of perShard) for (const row of rows) (shardOfCode.set(row.code, shard), all.push(row));
  if (!shards.single) all.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const tierByGrade = toTiers(tiers?.results ?? []);
  const pools = Object.fromEntries(GRADES.map((g) => [g, [] as string[]])) as Record<Grade, string[]>;
  const wanted = new Set<Grade>(f.grades ?? GRADES);
  let ungraded = 0;
  for (const row of all) {
    const grade = row.grade ?? UNGRADED_AS;
    if (!wanted.has(grade)) continue;
    if (row.grade === null) ungraded++;
    pools[grade].push(row.code);
  }
  const strata = GRADES.map((grade) => ({ grade, population: pools[grade].length, ratio: tierByGrade.get(grade)?.spotCheckRatio ?? 0 }));
  const allocation = allocateSample(strata, request.size);
  const drawn = drawStratified(pools, allocation, request.seed);

  // The drawn subjects' details, from each one's shard (one query per shard that holds any).
  const byShard = new Map<Shard, string[]>();
  for (const { member } of drawn) {
    const shard = shardOfCode.get(member)!;
    (byShard.get(shard) ?? byShard.set(shard, []).get(shard)!).push(member);
  }
  const details = await Promise.all(
    [...byShard].map(async ([shard, codes]) =>
      (await shard.db.prepare("SELECT id, code, name, region_code, industry_code, industry FROM subjects WHERE code IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(codes)).all<DetailRow>()).results,
    ),
  );
  const byCode = new Map(details.flat().map((d) => [d.code, d]));
  return {
    seed: request.seed,
    requested: request.size,
    drawn: drawn.length,
    modelVersion: modelRow?.version ?? null,
    population: { total: strata.reduce((n, s) => n + s.population, 0), byGrade: Object.fromEntries(strata.map((s) => [s.grade, s.population])) as Record<Grade, number>, ungraded },
    allocation,
    tiers: GRADES.flatMap((g) => tierByGrade.get(g) ?? []),
    items: drawn.map(({ grade, member }) => {
      const d = byCode.get(member)!;
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
