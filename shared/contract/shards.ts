import { z } from "zod";

/** One shard database as GET /api/v1/admin/shards reports it (issue 12). */
export const ShardInfo = z
  .object({
    binding: z.string().meta({ description: "D1 绑定名（如 SHARD_0；未配置分片时为 DB）" }),
    buckets: z.number().int().meta({ description: "该分片承载的虚拟桶数（共 256 个）" }),
    subjects: z.number().int().meta({ description: "主体数" }),
    records: z.number().int().meta({ description: "行政处罚与行政许可记录数" }),
    sizeBytes: z.number().int().meta({ description: "数据库大小（字节）" }),
  })
  .meta({ id: "ShardInfo" });

export const ShardsReport = z.object({ shards: z.array(ShardInfo) }).meta({ id: "ShardsReport" });
export type ShardsReport = z.infer<typeof ShardsReport>;

/** One step of a bucket move (POST /api/v1/admin/shards/move, issue 12 item 4). */
export const ShardMoveRequest = z
  .object({
    bucket: z.number().int().min(0).max(255).meta({ description: "虚拟桶号（0–255）" }),
    to: z.string().regex(/^SHARD_\d+$/, "应为 SHARD_n").meta({ description: "目标分片绑定名，如 SHARD_2" }),
    action: z.enum(["step", "abort"]).default("step").meta({ description: "step 开始或继续迁移一步；abort 在切换映射前回滚" }),
  })
  .meta({ id: "ShardMoveRequest" });
export type ShardMoveRequest = z.infer<typeof ShardMoveRequest>;

export const ShardMoveStep = z
  .object({
    bucket: z.number().int(),
    from: z.string().meta({ description: "源分片" }),
    to: z.string().meta({ description: "目标分片" }),
    phase: z.enum(["copy", "verify", "switch", "delete", "done", "aborted"]).meta({ description: "本步之后所处阶段；done 表示迁移完成" }),
    cursor: z.number().int().meta({ description: "复制或删除阶段已处理到的源主体 id" }),
    progress: z.string().meta({ description: "本步所做的事（供命令行打印）" }),
  })
  .meta({ id: "ShardMoveStep" });
export type ShardMoveStep = z.infer<typeof ShardMoveStep>;
