/**
 * Scenes (应用场景) where a credit check is embedded in the workflow: the plan's list of steps where credit
 * must be checked (DOMAIN.md §4), plus 公共查询 for the public.
 */
export const SCENES = [
  "procurement",
  "bidding",
  "approval",
  "fiscal_funding",
  "honours",
  "financing",
  "supervision",
  "public_query",
] as const;
export type Scene = (typeof SCENES)[number];

export const SCENE_LABEL: Record<Scene, string> = {
  procurement: "政府采购",
  bidding: "招标投标",
  approval: "行政审批（告知承诺）",
  fiscal_funding: "财政资金",
  honours: "评先评优",
  financing: "融资授信",
  supervision: "日常监管",
  public_query: "公共查询",
};

const BY_LABEL = new Map<string, Scene>(
  SCENES.flatMap((s) => [
    [s, s],
    [SCENE_LABEL[s], s],
    [SCENE_LABEL[s].replace(/（.*）$/, ""), s],
  ]),
);

/**
 * A scene from its key or its Chinese name; undefined when it is neither.
 * @example parseScene("政府采购") // "procurement"
 * @example parseScene("行政审批") // "approval"
 */
export function parseScene(input: string): Scene | undefined {
  return BY_LABEL.get(input.trim());
}
