import { z } from "zod";

/**
 * Stable machine codes of the error envelope. Clients switch on these, never on the message.
 */
export const ERROR_CODES = [
  "invalid_request", // a field failed validation (details: the fields)
  "invalid_code", // a credit code or ID number is malformed (details: what is wrong, position by position)
  "subject_not_found", // a well-formed code that is not in the database
  "subject_not_evaluated", // a natural person: the 公共信用综合评价 grades organisations only
  "model_not_found", // no evaluation model with that version
  "model_conflict", // the version exists already, or the model is published and immutable
  "case_not_eligible", // a repair the rules do not allow (yet): details.rule, details.applyFrom
  "case_conflict", // the case or its target is not in a state that allows this step
  "watchlist_full", // the officer's watchlist reached its limit (details: limit, active, adding)
  "commitment_conflict", // a 告知承诺 with this number is registered already, or its verification is recorded
  "shard_moving", // 503: the subject's bucket is being moved between shards; a write is refused on the old shard, retry after Retry-After
  "shard_move_conflict", // a bucket move cannot take this step (details.reason: another target, unsupported rows, verification failed, …)
  "not_found", // a resource named in the path (a measure, an ingest batch, a receipt) does not exist
  "route_not_found", // no such address
  "method_not_allowed",
  "payload_too_large",
  "unauthorized",
  "forbidden",
  "rate_limited",
  "internal_error",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One envelope for every error: `{ error: { code, message, details? } }`. */
export const ErrorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).describe("稳定的机器可读错误码"),
      message: z.string().describe("中文说明"),
      details: z.unknown().optional().describe("出错字段或原因的细节"),
    }),
  })
  .meta({ id: "ErrorEnvelope", description: "统一错误结构" });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** One field problem in `details` of an `invalid_request` error. */
export const FieldProblem = z
  .object({
    field: z.string().describe("出错字段，如 query.q 或 body.items.3.code"),
    expected: z.string().describe("期望的格式或取值"),
    message: z.string(),
  })
  .meta({ id: "FieldProblem" });
export type FieldProblem = z.infer<typeof FieldProblem>;
