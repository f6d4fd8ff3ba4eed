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
