import { z } from "zod";
import { SCENES, parseScene } from "../domain/scenes";
import { isValidUscc } from "../identifiers";

/** Roles, least privilege first (DESIGN.md: who may see and do what). */
export const ROLES = ["public", "officer", "provider", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = { public: "社会公众", officer: "工作人员", provider: "数据提供单位", admin: "信用管理员" };

/** The audience tokens must carry unless the deployment configures another. */
export const DEFAULT_AUDIENCE = "chayicha";

const Uscc = z.string().refine(isValidUscc, "不是有效的统一社会信用代码");
const SceneClaim = z.string().transform((s, ctx) => parseScene(s) ?? (ctx.addIssue({ code: "custom", message: `未知场景：${s}` }), z.NEVER));

/**
 * The claims 查一查 reads from a bearer token (beyond iss / aud / exp, which jose checks). Officers carry
 * their department's USCC and the scenes they may query in; providers carry their source unit's USCC.
 */
export const TokenClaims = z.discriminatedUnion("role", [
  z.object({ role: z.literal("officer"), sub: z.string().min(1), name: z.string().min(1), dept: Uscc, scenes: z.array(SceneClaim).min(1) }),
  z.object({ role: z.literal("provider"), sub: z.string().min(1), name: z.string().min(1), source_unit: Uscc }),
  z.object({ role: z.literal("admin"), sub: z.string().min(1), name: z.string().min(1), dept: Uscc.optional() }),
]);
export type TokenClaims = z.infer<typeof TokenClaims>;

export { SCENES };
