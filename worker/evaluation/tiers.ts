/** 分级分类监管: the grade → supervision tier mapping (table supervision_tiers, configuration). */
import type { SupervisionTier } from "../../shared/contract";
import type { Grade } from "../../shared/domain/evaluation";

interface TierRow {
  grade: Grade;
  tier: string;
  spot_check_ratio: number;
  frequency: string;
  max_inspections_per_year: number | null;
  measures: string;
}

export function tierStatement(db: D1DatabaseSession | D1Database): D1PreparedStatement {
  return db.prepare("SELECT grade, tier, spot_check_ratio, frequency, max_inspections_per_year, measures FROM supervision_tiers ORDER BY grade");
}

/** Rows of `tierStatement` by grade. */
export function toTiers(rows: readonly unknown[]): Map<Grade, SupervisionTier> {
  return new Map(
    (rows as TierRow[]).map((r) => [
      r.grade,
      { grade: r.grade, tier: r.tier, spotCheckRatio: r.spot_check_ratio, frequency: r.frequency, maxInspectionsPerYear: r.max_inspections_per_year, measures: r.measures },
    ]),
  );
}
