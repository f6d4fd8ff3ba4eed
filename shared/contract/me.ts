import { z } from "zod";

/**
 * GET /api/v1/me: who a bearer token says its holder is, as the worker verified it. Read by the extension's
 * 「测试连接」 and sign-in; never written to the query log (it reads no subject data).
 */
export const Me = z
  .object({
    role: z.enum(["officer", "provider", "admin"]).meta({ description: "角色：officer 工作人员 / provider 数据提供单位 / admin 信用管理员" }),
    roleLabel: z.string().meta({ example: "工作人员" }),
    subject: z.string().meta({ description: "令牌的 sub（身份提供方中的用户编号）" }),
    name: z.string().meta({ example: "张三" }),
    department: z.string().nullable().meta({ description: "部门统一社会信用代码（工作人员、管理员）", example: "11500000MB1541618P" }),
    sourceUnit: z.string().nullable().meta({ description: "数据来源单位统一社会信用代码（数据提供单位）" }),
    scenes: z
      .array(z.object({ scene: z.string().meta({ example: "procurement" }), label: z.string().meta({ example: "政府采购" }) }))
      .meta({ description: "工作人员可查询的场景；其他角色为空" }),
    expiresAt: z.string().meta({ description: "令牌到期时间（ISO 8601，UTC）", example: "2026-12-01T08:00:00.000Z" }),
  })
  .meta({ id: "Me" });
export type Me = z.infer<typeof Me>;
