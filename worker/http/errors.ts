import { maskIdNumbersInText } from "../../shared/identifiers";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode, ErrorEnvelope, FieldProblem } from "../../shared/contract";

/** An error a handler throws on purpose: it reaches the client as the envelope with this status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function envelope(code: ErrorCode, message: string, details?: unknown): ErrorEnvelope {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

/** Where a field came from, in the words API users know (the validator says json, form, param). */
const TARGET_NAME: Record<string, string> = { json: "body", form: "body", param: "path", query: "query", header: "header", cookie: "cookie" };

/** zod issues → the field problems of an `invalid_request` envelope (which field, what was expected). */
export function fieldProblems(
  target: string,
  issues: readonly { path: readonly PropertyKey[]; message: string; code: string; expected?: unknown }[],
): FieldProblem[] {
  return issues.map((issue) => ({
    field: [TARGET_NAME[target] ?? target, ...issue.path.map(String)].join("."),
    expected: typeof issue.expected === "string" ? issue.expected : issue.code,
    message: issue.message,
  }));
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The app's error handler: known errors keep their status; anything else is a 500 without internals. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return c.json(envelope(err.code, err.message, err.details), err.status);
  // Hono's own HTTP errors (for example a malformed JSON body) carry a status below 500.
  const status = (err as { status?: unknown }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return c.json(envelope("invalid_request", "请求格式不正确", { reason: err.message.slice(0, 200) }), status as ContentfulStatusCode);
  }
  // A write to a subject whose bucket is being moved (migration 0015): refused on the old shard until the map has
  // switched; the same request succeeds again in a few seconds.
  if (/SHARD_MOVE_FROZEN/.test(String(err))) {
    c.header("Retry-After", "10");
    return c.json(envelope("shard_moving", "该主体的数据正在迁移到另一个分片，暂不能写入，请稍后重试"), 503);
  }
  // A path may hold an ID number (GET /api/v1/subjects/{id}, /s/{id}): logs get it masked.
  console.error("unhandled error", c.req.method, maskIdNumbersInText(safeDecode(new URL(c.req.url).pathname)), err);
  return c.json(envelope("internal_error", "服务器内部错误，请稍后重试"), 500);
}
