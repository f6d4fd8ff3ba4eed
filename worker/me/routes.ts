import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { Me } from "../../shared/contract";
import { ROLE_LABEL } from "../../shared/auth/claims";
import { SCENE_LABEL } from "../../shared/domain/scenes";
import { requireRole } from "../auth/middleware";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";

const me = createRoute({
  method: "get",
  path: "/api/v1/me",
  tags: ["身份"],
  summary: "当前令牌的身份（角色、姓名、部门、场景、到期时间）",
  description:
    "返回令牌经验证后的身份，供扩展的「测试连接」和登录使用。不读取任何主体信息，因此不写查询使用登记。不带令牌时返回 401（details.reason 为 missing）：社会公众没有“身份”可言。",
  security: BEARER,
  middleware: [requireRole("officer", "provider", "admin")] as const,
  responses: {
    200: { description: "令牌的身份", content: { "application/json": { schema: Me } } },
    401: AUTH_ERROR_RESPONSES[401],
    429: ERROR_RESPONSES[429],
    500: ERROR_RESPONSES[500],
  },
});

/** Who the token is: no database read and no query-log entry (it reveals nothing about any subject). */
const meRoutes = newRouter().openapi(me, (c) => {
  const p = c.var.principal;
  if (p.role === "public") throw new Error("unreachable: requireRole lets no public request through");
  const expiresAt = new Date((c.var.tokenExpiresAt ?? 0) * 1000).toISOString();
  const base = { role: p.role, roleLabel: ROLE_LABEL[p.role], subject: p.id, name: p.name, expiresAt };
  switch (p.role) {
    case "officer":
      return c.json({ ...base, department: p.department, sourceUnit: null, scenes: p.scenes.map((scene) => ({ scene, label: SCENE_LABEL[scene] })) }, 200);
    case "provider":
      return c.json({ ...base, department: null, sourceUnit: p.sourceUnit, scenes: [] }, 200);
    case "admin":
      return c.json({ ...base, department: p.department ?? null, sourceUnit: null, scenes: [] }, 200);
  }
});

export const capability: Capability = { app: meRoutes };
