import type { Measure, MeasureInput } from "../../shared/contract/measures";
import { DECISION_LABEL, type Effect } from "../../shared/domain/decisions";
import { LIST_TYPE_INFO, type ListType } from "../../shared/domain/lists";
import { SCENE_LABEL, type Scene } from "../../shared/domain/scenes";
import { ApiError } from "../http/errors";

interface MeasureRow {
  id: number;
  list_type: string;
  scene: string;
  effect: string;
  text: string;
  legal_basis: string;
  active: number;
  updated_at: string;
  updated_by: string | null;
}

const COLUMNS = "id, list_type, scene, effect, text, legal_basis, active, updated_at, updated_by";

/**
 * A stored measure as the contract shows it.
 * @example toMeasure(row).effectLabel // "不得参与"
 */
export function toMeasure(row: MeasureRow): Measure {
  const listType = row.list_type as ListType;
  const scene = row.scene as Scene;
  const effect = row.effect as Effect;
  return {
    id: row.id,
    listType,
    listName: LIST_TYPE_INFO[listType]?.name ?? row.list_type,
    scene,
    sceneLabel: SCENE_LABEL[scene] ?? row.scene,
    effect,
    effectLabel: DECISION_LABEL[effect],
    text: row.text,
    legalBasis: row.legal_basis,
    active: row.active === 1,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/**
 * The catalogue in id order (the migration writes it scene by scene), optionally for one scene and list.
 * @example await listMeasures(db, { scene: "procurement" }) // the 7 measures of 政府采购
 */
export async function listMeasures(db: D1DatabaseSession, filter: { scene?: Scene | undefined; listType?: ListType | undefined }): Promise<Measure[]> {
  const { results } = await db
    .prepare(`SELECT ${COLUMNS} FROM measures WHERE (?1 IS NULL OR scene = ?1) AND (?2 IS NULL OR list_type = ?2) ORDER BY id`)
    .bind(filter.scene ?? null, filter.listType ?? null)
    .all<MeasureRow>();
  return results.map(toMeasure);
}

function duplicate(err: unknown): ApiError | null {
  if (!/UNIQUE|constraint/i.test(String(err))) return null;
  return new ApiError(400, "invalid_request", "同一名单、同一场景下已有内容相同的措施", [
    { field: "body.text", expected: "与已有措施不同的内容", message: "措施重复" },
  ]);
}

/**
 * Adds a measure; `updated_by` is the admin who did it.
 * @example await createMeasure(db, input, "admin-1", new Date()) // { id: 54, updatedBy: "admin-1", … }
 */
export async function createMeasure(db: D1DatabaseSession, input: MeasureInput, actor: string, now: Date): Promise<Measure> {
  try {
    const row = await db
      .prepare(`INSERT INTO measures (list_type, scene, effect, text, legal_basis, active, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING ${COLUMNS}`)
      .bind(input.listType, input.scene, input.effect, input.text, input.legalBasis, input.active ? 1 : 0, now.toISOString(), actor)
      .first<MeasureRow>();
    return toMeasure(row!);
  } catch (err) {
    throw duplicate(err) ?? err;
  }
}

/**
 * Replaces a measure; 404 when there is no such measure.
 * @example await replaceMeasure(db, 3, { ...input, active: false }, "admin-1", new Date()) // deactivated
 */
export async function replaceMeasure(db: D1DatabaseSession, id: number, input: MeasureInput, actor: string, now: Date): Promise<Measure> {
  let row: MeasureRow | null;
  try {
    row = await db
      .prepare(
        `UPDATE measures SET list_type = ?2, scene = ?3, effect = ?4, text = ?5, legal_basis = ?6, active = ?7, updated_at = ?8, updated_by = ?9
          WHERE id = ?1 RETURNING ${COLUMNS}`,
      )
      .bind(id, input.listType, input.scene, input.effect, input.text, input.legalBasis, input.active ? 1 : 0, now.toISOString(), actor)
      .first<MeasureRow>();
  } catch (err) {
    throw duplicate(err) ?? err;
  }
  // No generic not-found code exists in the envelope yet; the resource path is what was not found.
  if (!row) throw new ApiError(404, "not_found", `没有编号为 ${id} 的措施`, { id });
  return toMeasure(row);
}
