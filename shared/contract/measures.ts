import { z } from "zod";
import { EFFECTS, measureEffectProblem } from "../domain/decisions";
import { LIST_TYPES } from "../domain/lists";
import { SCENES, parseScene } from "../domain/scenes";

/** A scene by key or Chinese name (政府采购 / procurement), normalised to its key. */
const SceneKey = z
  .string()
  .max(20)
  .transform((s, ctx) => parseScene(s) ?? (ctx.addIssue({ code: "custom", message: `未知场景“${s}”` }), z.NEVER))
  .pipe(z.enum(SCENES));

export const Measure = z
  .object({
    id: z.number().int(),
    listType: z.enum(LIST_TYPES),
    listName: z.string(),
    scene: z.enum(SCENES),
    sceneLabel: z.string(),
    effect: z.enum(EFFECTS),
    effectLabel: z.string().describe("不得参与 / 需复核 / 提示 / 守信激励"),
    text: z.string().describe("措施内容"),
    legalBasis: z.string().describe("法律、法规或政策依据"),
    active: z.boolean().describe("停用的措施不参与核查"),
    updatedAt: z.string(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "Measure", description: "惩戒或激励措施：某名单在某场景下的效果、内容和依据" });
export type Measure = z.infer<typeof Measure>;

export const MeasureList = z.object({ items: z.array(Measure) }).meta({ id: "MeasureList" });
export type MeasureList = z.infer<typeof MeasureList>;

export const MeasureQuery = z.object({
  scene: SceneKey.optional().meta({ param: { name: "scene", in: "query" }, description: "场景（中文名或英文键）", example: "政府采购" }),
  listType: z.enum(LIST_TYPES).optional().meta({ param: { name: "listType", in: "query" }, description: "名单类型" }),
});

export const MeasureIdParam = z.object({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).meta({ param: { name: "id", in: "path" }, description: "措施编号", example: 1 }),
});

/** A measure as an admin writes it; the effect must suit the list and the scene (measureEffectProblem). */
export const MeasureInput = z
  .object({
    listType: z.enum(LIST_TYPES),
    scene: SceneKey.describe("场景（中文名或英文键）"),
    effect: z.enum(EFFECTS).describe("block 不得参与 / review 需复核 / flag 提示 / benefit 守信激励"),
    text: z.string().trim().min(4, "措施内容至少4个字").max(500, "措施内容不能超过500个字"),
    legalBasis: z.string().trim().min(4, "必须写明措施依据（法律、法规或政策文件）").max(1000, "依据不能超过1000个字"),
    active: z.boolean().default(true),
  })
  .superRefine((m, ctx) => {
    const problem = measureEffectProblem(m.listType, m.scene, m.effect);
    if (problem) ctx.addIssue({ code: "custom", path: ["effect"], message: problem });
  })
  .meta({ id: "MeasureInput", description: "新增或修改的措施" });
export type MeasureInput = z.infer<typeof MeasureInput>;
