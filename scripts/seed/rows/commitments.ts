/**
 * 信用承诺: template, deciding body, due date and outcome.
 */
import type { Authority } from "../authorities";
import { addMonths, dayBetween, dayNum, fromDay } from "../calendar";
import type { SeedContext, SubjectInfo } from "../context";
import { AGENCIES } from "../data";
import type { SeedRow } from "../options";
import type { Rng } from "../rng";
import { withLineage } from "./lineage";

interface CommitmentFields {
  subject_id: number;
  kind: string;
  matter: string;
  authority: Authority;
  doc_no: string;
  committed_on: string;
  due_on: string | null;
  status: "pending" | "fulfilled" | "breached";
  resolved_on: string | null;
}

export function commitmentRow(ctx: SeedContext, f: CommitmentFields): SeedRow {
  return withLineage(ctx, {
    id: ctx.nextCommitmentId++,
    subject_id: f.subject_id,
    kind: f.kind,
    matter: f.matter,
    authority_name: f.authority.name,
    authority_code: f.authority.code,
    doc_no: f.doc_no,
    committed_on: f.committed_on,
    due_on: f.due_on,
    status: f.status,
    resolved_on: f.resolved_on,
    source_unit_code: f.authority.code,
  });
}

export function commitment(ctx: SeedContext, rng: Rng, s: SubjectInfo): SeedRow {
  const t = ctx.commitmentTable(s.letter).sample(rng);
  const lo = Math.max(s.registeredDay, ctx.todayDay - 4 * 365);
  const committedDay = dayBetween(rng, lo, ctx.todayDay);
  const committed = fromDay(committedDay);
  const due = addMonths(committed, t.months);
  const city = AGENCIES[t.agency].district === null || rng.chance(s.region === "500000" ? 0.6 : 0.1);
  const auth = ctx.authority(t.agency, city ? "500000" : s.district);
  const year = committed.slice(0, 4);
  const docNo = `${auth.short}${AGENCIES[t.agency].abbr}承诺〔${year}〕${ctx.docNumber(`${auth.code}|承诺|${year}`, rng)}号`;
  let status: CommitmentFields["status"];
  let resolved: string | null = null;
  const dueDay = dayNum(due);
  if (dueDay >= ctx.todayDay) {
    const u = rng.float();
    status = u < 0.7 ? "pending" : u < 0.97 ? "fulfilled" : "breached";
  } else {
    const u = rng.float();
    status = u < 0.92 ? "fulfilled" : u < 0.97 ? "breached" : "pending";
  }
  if (status !== "pending") resolved = fromDay(dayBetween(rng, committedDay + 1, Math.min(dueDay, ctx.todayDay)));
  return commitmentRow(ctx, { subject_id: s.id, kind: t.kind, matter: t.matter, authority: auth, doc_no: docNo, committed_on: committed, due_on: due, status, resolved_on: resolved });
}
