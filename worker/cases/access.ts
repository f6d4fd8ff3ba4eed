import type { Principal } from "../../shared/auth/principal";
import { ApiError } from "../http/errors";

/**
 * 谁认定、谁修复: only officers of the deciding unit act on a case. Admins oversee (read everything) but never
 * decide; everyone else gets a 403 naming the unit that decides.
 */
export function assertDecider(principal: Principal, decider: { code: string; name: string }): asserts principal is Extract<Principal, { role: "officer" }> {
  if (principal.role === "officer" && principal.department === decider.code) return;
  const who = `${decider.name}（${decider.code}）`;
  const message =
    principal.role === "admin"
      ? `信用管理员只监督办理情况，不作出决定；此案件由${who}的工作人员决定（谁认定、谁修复）`
      : `此案件由${who}的工作人员决定（谁认定、谁修复），当前令牌不属于该单位`;
  throw new ApiError(403, "forbidden", message, { deciderCode: decider.code });
}

/** Evidence and full personal data: admins (oversight) and officers of the deciding unit; others 403. */
export function assertReader(principal: Principal, decider: { code: string; name: string }): void {
  if (principal.role === "admin" || (principal.role === "officer" && principal.department === decider.code)) return;
  throw new ApiError(403, "forbidden", `证明材料只提供给${decider.name}（${decider.code}）的工作人员和信用管理员`, { deciderCode: decider.code });
}
