import type { MiddlewareHandler } from "hono";
import { decodeJwt } from "jose";
import { ROLE_LABEL, type Role } from "../../shared/auth/claims";
import { SCENE_LABEL, type Scene } from "../../shared/domain/scenes";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import { tokenVerification } from "./keys";
import { PUBLIC_PRINCIPAL, type Principal } from "../../shared/auth/principal";
import { unauthorized, verifyToken } from "./verify";

/**
 * Reads the bearer token when there is one. No Authorization header means the public; a header that
 * does not verify is a 401 that says why (never silently treated as public).
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization");
    if (!header) {
      c.set("principal", PUBLIC_PRINCIPAL);
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthorized("malformed", { header: "Authorization 头应为 “Bearer <令牌>”" });
    const verification = tokenVerification(c.env);
    if (!verification) throw unauthorized("not_configured");
    c.set("principal", await verifyToken(match[1], verification));
    // Verified just above, so reading its exp unverified is safe; GET /api/v1/me reports it.
    c.set("tokenExpiresAt", decodeJwt(match[1]).exp);
    return next();
  };
}

/** Only these roles may pass: the public gets a 401 (log in), other roles a 403 naming what is needed. */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    assertRole(c.var.principal, roles);
    return next();
  };
}

export function assertRole(principal: Principal, roles: readonly Role[]): void {
  if (roles.includes(principal.role)) return;
  const needed = roles.map((r) => ROLE_LABEL[r]).join("或");
  if (principal.role === "public") throw unauthorized("missing", { requiredRoles: roles });
  throw new ApiError(403, "forbidden", `此操作需要${needed}权限，当前令牌的角色是${ROLE_LABEL[principal.role]}`, {
    requiredRoles: roles,
    role: principal.role,
  });
}

/** An officer may only query in the scenes the token grants. */
export function assertScene(principal: Principal, scene: Scene): void {
  if (principal.role !== "officer" || principal.scenes.includes(scene)) return;
  throw new ApiError(403, "forbidden", `当前令牌无权在“${SCENE_LABEL[scene]}”场景下查询`, {
    requiredScene: scene,
    grantedScenes: principal.scenes,
  });
}
