/**
 * The lineage columns of seed rows (where a row came from), written once for every table. Each helper
 * appends them to the end of a row (sql.ts takes a batch's columns in first-seen key order, and every
 * table lists its lineage columns last). Appending in place rather than spreading keeps the hot path
 * free of intermediate objects: the generator builds ~11 million rows at --scale.
 */
import type { Authority } from "../authorities";
import type { SeedContext } from "../context";
import type { SeedRow } from "../options";
import { SEED_BATCH_ID } from "../options";

/** batch_id, source_row, received_at: every row comes from the seed batch; source_row is numbered when streamed. */
export function withLineage(ctx: SeedContext, row: SeedRow): SeedRow {
  row.batch_id = SEED_BATCH_ID;
  row.source_row = 0;
  row.received_at = ctx.receivedAt;
  return row;
}

/** The lineage of a row that can change later: updated_at starts as received_at. */
export function withUpdatableLineage(ctx: SeedContext, row: SeedRow): SeedRow {
  withLineage(ctx, row);
  row.updated_at = ctx.receivedAt;
  return row;
}

/** A record or list entry reported by its deciding authority (数据来源单位 = 决定机关), then its lineage. */
export function reportedBy(ctx: SeedContext, authority: Authority, row: SeedRow): SeedRow {
  row.source_unit_name = authority.name;
  row.source_unit_code = authority.code;
  return withUpdatableLineage(ctx, row);
}
