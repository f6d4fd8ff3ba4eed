import { createRoute } from "@hono/zod-openapi";
import { ErrorEnvelope, ShardMoveRequest, ShardMoveStep } from "../../shared/contract";
import { requireRole } from "../auth/middleware";
import { ApiError } from "../http/errors";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES } from "../http/responses";
import { newRouter } from "../http/router";
import { shardBindings } from "../shards";
import { abortMove, moveState, MoveError, startMove, stepMove } from "../shards/move";

const move = createRoute({
  method: "post",
  path: "/api/v1/admin/shards/move",
  tags: ["运维"],
  summary: "迁移一个虚拟桶到另一个分片：每次请求推进一步（信用管理员；npm run shards:move）",
  security: BEARER,
  middleware: [requireRole("admin")] as const,
  request: { body: { content: { "application/json": { schema: ShardMoveRequest } }, required: true } },
  responses: {
    200: { description: "本步完成后的状态", content: { "application/json": { schema: ShardMoveStep } } },
    409: { description: "迁移无法进行这一步（details.reason：NO_SHARDS 未配置分片、MOVE_RUNNING 正迁往别处、BAD_TARGET 已在目标分片、VERIFY_FAILED 校验不一致、TOO_LATE 已切换不能回滚）", content: { "application/json": { schema: ErrorEnvelope } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

/**
 * One small step per request (a page of subjects, the verification, the switch, or a page of deletions), so each
 * request stays well inside D1's limits; the CLI calls it until the phase is "done". Starting twice is resuming.
 */
export const shardMoveRoutes = newRouter().openapi(move, async (c) => {
  const { bucket, to, action } = c.req.valid("json");
  const env = c.env as unknown as Record<string, unknown> & { DB: D1Database };
  // One database and no SHARD_* binding: there is nothing to move to (a valid request, a state that refuses it).
  if (shardBindings(env).length === 0) throw new ApiError(409, "shard_move_conflict", "未配置分片数据库（wrangler.toml 中没有 SHARD_n 绑定），无可迁移的桶", { reason: "NO_SHARDS", bucket });
  try {
    if (action === "abort") {
      const state = await moveState(env.DB, bucket);
      await abortMove(env, bucket);
      return c.json({ bucket, from: state?.from ?? "", to, phase: "aborted" as const, cursor: 0, progress: `abort: bucket ${bucket} stays on ${state?.from}` }, 200);
    }
    await startMove(env, bucket, to);
    const { state, progress } = await stepMove(env, bucket);
    return c.json({ bucket, from: state.from, to: state.to, phase: state.phase, cursor: state.cursor, progress }, 200);
  } catch (e) {
    if (!(e instanceof MoveError)) throw e;
    if (e.code === "NOT_BOUND") throw new ApiError(400, "invalid_request", e.message, [{ field: "body.to", expected: "已绑定的分片（wrangler.toml 中的 SHARD_n）", message: e.message }]);
    if (e.code === "NO_MOVE") throw new ApiError(404, "not_found", e.message, { bucket });
    throw new ApiError(409, "shard_move_conflict", e.message, { reason: e.code, bucket });
  }
});
