import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { Measure, MeasureIdParam, MeasureInput, MeasureList, MeasureQuery } from "../../shared/contract/measures";
import { requireRole } from "../auth/middleware";
import type { Principal } from "../../shared/auth/principal";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { createMeasure, listMeasures, replaceMeasure } from "./queries";

const TAGS = ["惩戒与激励措施"];
const body = { required: true, content: { "application/json": { schema: MeasureInput } } } as const;

const list = createRoute({
  method: "get",
  path: "/api/v1/measures",
  tags: TAGS,
  summary: "措施清单（按名单和场景）",
  description: "每项措施说明某名单在某场景下的效果（不得参与 / 需复核 / 提示 / 守信激励）、内容和依据。核查只使用启用的措施。工作人员和信用管理员可查看。",
  security: BEARER,
  middleware: [requireRole("officer", "admin")] as const,
  request: { query: MeasureQuery },
  responses: { 200: { description: "措施清单", content: { "application/json": { schema: MeasureList } } }, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/measures",
  tags: TAGS,
  summary: "新增措施（信用管理员）",
  description: "效果须与名单和场景相符：失信类名单不设守信激励，红名单只设守信激励或提示，公共查询场景只设提示。依据必填。",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { body },
  responses: { 201: { description: "已新增", content: { "application/json": { schema: Measure } } }, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

const replace = createRoute({
  method: "put",
  path: "/api/v1/measures/{id}",
  tags: TAGS,
  summary: "修改措施（信用管理员）",
  description: "整体替换一项措施（停用请将 active 设为 false，不删除，以便追溯以往凭证引用的措施编号）。记录修改人。",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { params: MeasureIdParam, body },
  responses: { 200: { description: "修改后的措施", content: { "application/json": { schema: Measure } } }, ...ERROR_RESPONSES, ...AUTH_ERROR_RESPONSES },
});

/** Who made the change (updated_by): the routes that write run requireRole("admin") first. */
function adminId(principal: Principal): string {
  if (principal.role !== "admin") throw new Error("measures: a write reached the handler without an admin principal");
  return principal.id;
}

const measureRoutes = newRouter()
  .openapi(list, async (c) => c.json({ items: await listMeasures(c.var.db, c.req.valid("query")) }, 200))
  .openapi(create, async (c) => c.json(await createMeasure(c.var.db, c.req.valid("json"), adminId(c.var.principal), new Date()), 201))
  .openapi(replace, async (c) => c.json(await replaceMeasure(c.var.db, c.req.valid("param").id, c.req.valid("json"), adminId(c.var.principal), new Date()), 200));

export const capability: Capability = { app: measureRoutes };
