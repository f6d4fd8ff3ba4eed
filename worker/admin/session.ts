import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import { tokenVerification } from "../auth/keys";
import { PUBLIC_PRINCIPAL } from "../../shared/auth/principal";
import { verifyToken } from "../auth/verify";

/** The cookie that holds an admin's token for the admin pages (HttpOnly, SameSite=Strict, path /admin). */
export const ADMIN_COOKIE = "cx_admin";

/**
 * Admin pages are browsed, so the token travels in a cookie set by /admin/login instead of a header. A
 * cookie that no longer verifies (expired, rotated key) simply means "not logged in".
 */
export function adminSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, ADMIN_COOKIE);
    const verification = tokenVerification(c.env);
    c.set("principal", PUBLIC_PRINCIPAL);
    if (cookie && verification) {
      try {
        c.set("principal", await verifyToken(cookie, verification));
      } catch {
        // not logged in
      }
    }
    return next();
  };
}
