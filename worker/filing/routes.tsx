import type { ShardRouter } from "../shards";
import { Hono } from "hono";
import type { Context } from "hono";
import { csrf } from "hono/csrf";
import { ObjectionRequest, RepairRequest } from "../../shared/contract/cases";
import { repairEligibility } from "../../shared/domain/repair";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import type { Capability } from "../http/capability";
import { newRouter } from "../http/router";
import { limitBody } from "../http/hardening";
import { MAX_REPAIR_BODY_BYTES, readEvidence } from "../repair/evidence";
import { fileObjection } from "../objections/service";
import { fileRepair } from "../repair/service";
import { deliverSoon } from "../cases/events";
import { filingTargetNotFound, findFilingTarget, type TargetRow, toRepairTarget } from "../cases/targets";
import { caseTrackingPath } from "../cases/view";
import { type FormValues, ObjectionPage, RepairPage } from "./pages";

const FIELDS = ["subjectCode", "docNo", "applicantName", "applicantContact", "statement", "reason"] as const;

function values(source: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const f of FIELDS) if (typeof source[f] === "string") out[f] = (source[f] as string).slice(0, 2000);
  return out;
}

/** The target the form names, or the one "not found" that unknown and no-longer-published information share. */
async function findTarget(shards: ShardRouter, v: FormValues, today: string): Promise<{ target?: TargetRow; error?: string }> {
  if (!v.subjectCode?.trim() || !v.docNo?.trim()) return {};
  const docNo = v.docNo.slice(0, 100);
  const code = v.subjectCode.slice(0, 40);
  const target = await findFilingTarget((await shards.shardFor(code)).db, code, docNo, today);
  return target ? { target } : { error: filingTargetNotFound(docNo).message };
}

const firstIssue = (issues: readonly { message: string }[]) => issues[0]?.message ?? "填写的内容不正确";

/** The find step of /repair: the target and whether it can be repaired now, or the one "not found". */
async function repairFindPage(c: Context<AppEnv>, v: FormValues) {
  const found = await findTarget(c.var.shards, v, c.var.today);
  const eligibility = found.target ? repairEligibility(toRepairTarget(found.target), c.var.today) : undefined;
  return c.html(<RepairPage values={v} target={found.target} eligibility={eligibility} error={found.error} />, found.error ? 404 : 200);
}

/** The find step of /objection. */
async function objectionFindPage(c: Context<AppEnv>, v: FormValues) {
  const found = await findTarget(c.var.shards, v, c.var.today);
  return c.html(<ObjectionPage values={v} target={found.target} error={found.error} />, found.error ? 404 : 200);
}

/**
 * The find forms post (step=find), so a subject code that is an ID number never travels in a URL; GET with the
 * same fields still works for the links on subject pages (organisations only).
 * Same-origin form posts pass hono/csrf (it compares the Origin header with the request's own origin). */
const filingPageRoutes = new Hono<AppEnv>()
  .use("/repair", csrf(), limitBody(MAX_REPAIR_BODY_BYTES))
  .use("/objection", csrf())
  .get("/repair", (c) => repairFindPage(c, values(c.req.query())))
  .post("/repair", async (c) => {
    const form = await c.req.parseBody({ all: true });
    const v = values(form);
    if (form.step === "find") return repairFindPage(c, v);
    const parsed = RepairRequest.safeParse({ ...v, commitmentAccepted: form.commitmentAccepted === "on" });
    const found = await findTarget(c.var.shards, v, c.var.today);
    const render = (error: string, status: 400 | 404 | 409 | 413 | 422) =>
      c.html(<RepairPage values={v} target={found.target} eligibility={found.target ? repairEligibility(toRepairTarget(found.target), c.var.today) : undefined} error={error} />, status);
    if (!parsed.success) return render(firstIssue(parsed.error.issues), 400);
    try {
      // A file input left empty still sends one nameless, empty part.
      const files = [form.files].flat().filter((f): f is File => f instanceof File && (f.size > 0 || f.name !== ""));
      const evidence = await readEvidence(files);
      const filed = await fileRepair(c.var.shards, c.env, parsed.data, c.var.today, new Date(), evidence);
      deliverSoon(c);
      return c.redirect(caseTrackingPath(filed.tracking, filed.secret), 303);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 400 || err.status === 404 || err.status === 409 || err.status === 413 || err.status === 422)) return render(err.message, err.status);
      throw err;
    }
  })
  .get("/objection", (c) => objectionFindPage(c, values(c.req.query())))
  .post("/objection", async (c) => {
    const form = await c.req.parseBody();
    const v = values(form);
    if (form.step === "find") return objectionFindPage(c, v);
    const parsed = ObjectionRequest.safeParse(v);
    const found = await findTarget(c.var.shards, v, c.var.today);
    const render = (error: string, status: 400 | 404 | 409) => c.html(<ObjectionPage values={v} target={found.target} error={error} />, status);
    if (!parsed.success) return render(firstIssue(parsed.error.issues), 400);
    try {
      const filed = await fileObjection(c.var.shards, c.env, parsed.data, c.var.today);
      deliverSoon(c);
      return c.redirect(caseTrackingPath(filed.tracking, filed.secret), 303);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 409)) return render(err.message, err.status);
      throw err;
    }
  });

/** The /repair form carries evidence files and sets its own limit above. */
export const capability: Capability = { app: newRouter().route("/", filingPageRoutes), ownBodyLimit: ["/repair"] };
