import { createRoute } from "@hono/zod-openapi";
import { SubjectCodeParam, SubjectProfile } from "../../shared/contract";
import { ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { PUBLIC_VIEWER } from "../visibility";
import { getProfile } from "./service";

const getSubject = createRoute({
  method: "get",
  path: "/api/v1/subjects/{code}",
  tags: ["信用主体"],
  summary: "按统一社会信用代码查询主体的公开信用信息",
  description:
    "返回基本信息、仍在公示期内的行政许可与行政处罚、现行有效的名单。代码格式错误返回 400 并逐位说明原因；格式正确但不存在返回 404。",
  request: { params: SubjectCodeParam },
  responses: {
    200: { description: "主体公开信用信息", content: { "application/json": { schema: SubjectProfile } } },
    ...ERROR_RESPONSES,
  },
});

export const lookupRoutes = newRouter().openapi(getSubject, async (c) => {
  const { code } = c.req.valid("param");
  const profile = await getProfile(c.var.db, PUBLIC_VIEWER, code, c.var.today);
  return c.json(profile, 200);
});
