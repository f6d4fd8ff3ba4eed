import { OpenAPIHono, type Hook } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { envelope, fieldProblems } from "./errors";

/** Validation failures answer in the envelope, naming each field and what was expected. */
// The hook serves every route, whatever its schema, hence the open type parameters.
export const validationHook: Hook<any, AppEnv, any, any> = (result, c) => {
  if (result.success) return;
  const problems = fieldProblems(result.target, result.error.issues);
  const first = problems[0];
  return c.json(envelope("invalid_request", first ? `参数 ${first.field} 不正确：${first.message}` : "请求参数不正确", problems), 400);
};

/** A router for one capability; its routes join the OpenAPI document when mounted. */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
