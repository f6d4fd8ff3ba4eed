import { SCENE_LABEL, type Scene, parseScene } from "../../shared/domain/scenes";
import { ApiError } from "../http/errors";
import { assertRole, assertScene } from "./middleware";
import type { Principal } from "../../shared/auth/principal";

/** The scene and purpose an authenticated read is registered under (查询使用登记). */
export interface QueryContext {
  scene: Scene | null;
  purpose: string | null;
}

/**
 * Decides whether this principal may read subject data with the scene and purpose given, and returns
 * them normalised. The public reads without either. Officers must give both, in a scene their token
 * grants; admins may give them; data providers may not read subject data (their tokens are for ingest).
 * `from` names where the fields came from, so a 400 points at `query.scene` or `body.scene`.
 */
export function queryContext(principal: Principal, input: { scene?: string | undefined; purpose?: string | undefined }, from: "query" | "body" = "query"): QueryContext {
  if (principal.role === "public") return { scene: null, purpose: null };
  assertRole(principal, ["officer", "admin"]);
  const scene = input.scene ? parseScene(input.scene) : undefined;
  if (input.scene && !scene) {
    throw new ApiError(400, "invalid_request", `未知的查询场景“${input.scene}”`, [
      { field: `${from}.scene`, expected: Object.values(SCENE_LABEL).join(" / "), message: "未知场景" },
    ]);
  }
  const purpose = input.purpose?.trim() || null;
  if (principal.role === "officer") {
    const missing = [
      ...(scene ? [] : [{ field: `${from}.scene`, expected: "查询场景，如 政府采购", message: "工作人员查询必须说明场景" }]),
      ...(purpose ? [] : [{ field: `${from}.purpose`, expected: "查询事由，如项目编号或案件编号", message: "工作人员查询必须说明事由" }]),
    ];
    if (missing.length > 0) throw new ApiError(400, "invalid_request", "工作人员查询须登记场景和事由（查询使用登记）", missing);
    assertScene(principal, scene!);
  }
  return { scene: scene ?? null, purpose };
}
