import type { Capability } from "../http/capability";
import { createRoute } from "@hono/zod-openapi";
import { Commitment, CommitmentIdParam, CommitmentInput, ErrorEnvelope, PublicCommitmentList, SubjectCodeParam, VerificationInput } from "../../shared/contract";
import { requireRole } from "../auth/middleware";
import type { Principal } from "../../shared/auth/principal";
import { AUTH_ERROR_RESPONSES, BEARER, ERROR_RESPONSES, OPTIONAL_BEARER } from "../http/responses";
import { newRouter } from "../http/router";
import { publicCommitments, registerCommitment, verifyCommitment } from "./service";

type Officer = Extract<Principal, { role: "officer" }>;
const conflict = (description: string) => ({ description, content: { "application/json": { schema: ErrorEnvelope } } });

const postCommitment = createRoute({
  method: "post",
  path: "/api/v1/commitments",
  tags: ["监控"],
  summary: "登记告知承诺（审批时作出的承诺，到期提醒登记人核查）",
  description:
    "按告知承诺制办理审批时登记申请人的承诺：在主体的信用承诺公示中公开，登记人自动监控该主体，核查日期（verifyBy）到达时提醒登记人登记核查结果。" +
    "同一部门的同一文号只能登记一次（409 commitment_conflict）。",
  security: BEARER,
  middleware: [requireRole("officer")] as const,
  request: { body: { required: true, content: { "application/json": { schema: CommitmentInput } } } },
  responses: {
    201: { description: "已登记", content: { "application/json": { schema: Commitment } } },
    409: conflict("本部门已登记过该文号"),
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const postVerification = createRoute({
  method: "post",
  path: "/api/v1/commitments/{id}/verification",
  tags: ["监控"],
  summary: "登记告知承诺的核查结果（属实 / 不属实）",
  description:
    "属实：承诺已履行。不属实：承诺未履行（违诺），计入公共信用综合评价的信用承诺履行指标，并列入“虚假承诺”失信记录（一年），" +
    "其措施在核查中适用（行政审批场景：信用修复前不再适用告知承诺制）。只有接受承诺的部门可以登记；每项承诺只能登记一次。",
  security: BEARER,
  middleware: [requireRole("officer")] as const,
  request: { params: CommitmentIdParam, body: { required: true, content: { "application/json": { schema: VerificationInput } } } },
  responses: {
    200: { description: "核查结果已登记", content: { "application/json": { schema: Commitment } } },
    409: conflict("该承诺已有核查结果"),
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

const getPublicCommitments = createRoute({
  method: "get",
  path: "/api/v1/subjects/{code}/commitments",
  tags: ["监控"],
  summary: "信用承诺公示：主体作出的信用承诺及其履行情况",
  security: OPTIONAL_BEARER,
  request: { params: SubjectCodeParam },
  responses: {
    200: { description: "信用承诺公示", content: { "application/json": { schema: PublicCommitmentList } } },
    ...ERROR_RESPONSES,
    ...AUTH_ERROR_RESPONSES,
  },
});

export const commitmentRoutes = newRouter()
  .openapi(postCommitment, async (c) => c.json(await registerCommitment(c.var.shards, c.var.principal as Officer, c.req.valid("json"), new Date()), 201))
  .openapi(postVerification, async (c) =>
    c.json(await verifyCommitment(c.var.shards, c.var.principal as Officer, c.req.valid("param").id, c.req.valid("json"), c.var.today, new Date()), 200),
  )
  .openapi(getPublicCommitments, async (c) => c.json(await publicCommitments(c.var.shards, c.req.valid("param").code, c.var.today), 200));

export const capability: Capability = { app: commitmentRoutes };
