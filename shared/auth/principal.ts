import type { Role } from "./claims";
import type { Scene } from "../domain/scenes";

/** Who is asking. The public has no token; everyone else is a verified token's subject. */
export type Principal =
  | { role: "public" }
  | { role: "officer"; id: string; name: string; department: string; scenes: readonly Scene[] }
  | { role: "provider"; id: string; name: string; sourceUnit: string }
  | { role: "admin"; id: string; name: string; department?: string };

export const PUBLIC_PRINCIPAL: Principal = { role: "public" };

export function hasRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.includes(principal.role);
}
