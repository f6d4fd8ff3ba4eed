/**
 * Moving a bucket (issue 12 item 4) inside workerd with SHARD_0 and SHARD_1: copy, verify, switch, delete, one
 * step at a time, with lookups and checks between every step answering the same content; an interrupted move
 * resumes, one rolled back before the switch leaves the target as it was; nothing is lost or duplicated.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult, SubjectProfile } from "../../shared/contract";
import { bucketOf } from "../../shared/shards/bucket";
import { forgetShardMap } from "../../worker/shards";
import { abortMove, bucketDigest, moveState, startMove, stepMove } from "../../worker/shards/move";
import { penaltyCsv, penaltyRow } from "../fixtures/ingest/rows";
import { upload } from "../fixtures/ingest/worker";
import { TODAY } from "../worker/fixtures";
import { ADMIN, OFFICER, bearer, token } from "../worker/tokens";

// 600 subjects: more than one copy page (200 source subjects per step), several of them in every bucket.
const ROWS = Array.from({ length: 600 }, (_, i) => penaltyRow(i + 1, TODAY));
const CODES = ROWS.map((r) => r.统一社会信用代码!);
const moveEnv = env as unknown as Record<string, unknown> & { DB: D1Database };
const shard = (b: string) => moveEnv[b] as D1Database;

async function api<T>(path: string, init: RequestInit & { claims?: Record<string, unknown> } = {}): Promise<{ status: number; body: T }> {
  const headers = { "content-type": "application/json", ...(init.claims ? bearer(await token(init.claims)) : {}) };
  const res = await exports.default.fetch(`http://x${path}`, { ...init, headers });
  return { status: res.status, body: (await res.json()) as T };
}

async function mapOf(bucket: number): Promise<string> {
  return (await env.DB.prepare("SELECT binding FROM shard_map WHERE bucket = ?1").bind(bucket).first<string>("binding"))!;
}

/** What a reader sees of the bucket's subjects: lookups and one batch check, without ids or times of the query. */
async function readings(codes: string[]): Promise<unknown> {
  // Isolates cache the map for 5 s; the test reads as a fresh isolate would after that time.
  forgetShardMap();
  const lookups = [];
  for (const code of codes) {
    const { status, body } = await api<SubjectProfile>(`/api/v1/subjects/${code}`, { claims: ADMIN });
    lookups.push({ status, code: body.code, name: body.name, penalties: body.penalties.map((p) => [p.docNo, p.decidedOn, p.severity, p.fineWan, p.authority]) });
  }
  const items = codes.map((code, i) => ({ ref: String(i), code }));
  const check = await api<CheckResult>("/api/v1/checks", { method: "POST", body: JSON.stringify({ scene: "政府采购", purpose: "CQZC-2026-0001", items }), claims: OFFICER });
  return { lookups, check: check.body.items.map((i) => [i.ref, i.status, i.subject?.code, i.subject?.name, i.hits.length, i.decision]) };
}

let bucket: number;
let codes: string[];

beforeAll(async () => {
  const up = await upload("penalties", penaltyCsv(ROWS));
  expect(up.body.accepted).toBe(600);
  bucket = bucketOf(CODES[0]!);
  codes = CODES.filter((c) => bucketOf(c) === bucket).sort();
});

describe("moving a bucket", () => {
  it("rolls a move back before the switch: the target loses the partial copy, the map is unchanged", async () => {
    const from = await mapOf(bucket);
    const to = from === "SHARD_0" ? "SHARD_1" : "SHARD_0";
    const before = await bucketDigest(shard(to), codes);
    expect(before.subjects.rows).toBe(0);
    await startMove(moveEnv, bucket, to);
    await stepMove(moveEnv, bucket); // one copy page
    expect((await bucketDigest(shard(to), codes)).subjects.rows).toBeGreaterThan(0);
    await abortMove(moveEnv, bucket);
    expect(await bucketDigest(shard(to), codes)).toEqual(before);
    expect(await moveState(env.DB, bucket)).toBeNull();
    expect(await mapOf(bucket)).toBe(from);
  });

  it("copies, verifies, switches and deletes with every read in between answering the same", async () => {
    const from = await mapOf(bucket);
    const to = from === "SHARD_0" ? "SHARD_1" : "SHARD_0";
    const version = await env.DB.prepare("SELECT version FROM shard_map_version").first<number>("version");
    const sourceDigest = await bucketDigest(shard(from), codes);
    expect(sourceDigest.subjects.rows).toBe(codes.length);
    expect(sourceDigest.records.rows).toBe(codes.length);
    expect(sourceDigest.status_history.rows).toBe(codes.length);
    const otherBefore = { from: (await shard(from).prepare("SELECT count(*) AS n FROM subjects").first<number>("n"))!, to: (await shard(to).prepare("SELECT count(*) AS n FROM subjects").first<number>("n"))! };

    const expected = await readings(codes);
    await startMove(moveEnv, bucket, to);
    const phases: string[] = [];
    for (let i = 0; i < 50; i++) {
      const { state } = await stepMove(moveEnv, bucket);
      phases.push(state.phase);
      expect(await readings(codes)).toEqual(expected);
      if (state.phase === "done") break;
      // An interruption: the next step reads its state from the control database again and runs a step twice
      // (the copy is idempotent), which must neither fail nor duplicate.
      if (state.phase === "copy" && state.cursor > 0 && i === 1) await stepMove(moveEnv, bucket).catch(() => undefined);
    }
    expect(phases).toContain("verify");
    expect(phases.at(-1)).toBe("done");
    expect(await mapOf(bucket)).toBe(to);
    expect(await env.DB.prepare("SELECT version FROM shard_map_version").first<number>("version")).toBe(version! + 1);
    // Every row arrived once, with the same content; none is left behind.
    expect(await bucketDigest(shard(to), codes)).toEqual(sourceDigest);
    expect((await bucketDigest(shard(from), codes)).subjects.rows).toBe(0);
    expect((await bucketDigest(shard(from), codes)).records.rows).toBe(0);
    expect(await shard(from).prepare("SELECT count(*) AS n FROM subjects").first<number>("n")).toBe(otherBefore.from - codes.length);
    expect(await shard(to).prepare("SELECT count(*) AS n FROM subjects").first<number>("n")).toBe(otherBefore.to + codes.length);
    // The name index followed (triggers on the target): the moved subject is found by name on its new shard only.
    const name = ROWS[CODES.indexOf(codes[0]!)]!.行政相对人名称!;
    for (const [b, n] of [[to, 1], [from, 0]] as const) {
      expect(await shard(b).prepare("SELECT count(*) AS n FROM subject_names WHERE subject_names MATCH ?1").bind(`"${name}"`).first<number>("n")).toBe(n);
    }
  });

  it("refuses to move to an unbound shard or onto the shard that already holds the bucket", async () => {
    await expect(startMove(moveEnv, bucket, "SHARD_9")).rejects.toMatchObject({ code: "NOT_BOUND" });
    await expect(startMove(moveEnv, bucket, await mapOf(bucket))).rejects.toMatchObject({ code: "BAD_TARGET" });
  });
});

describe("POST /api/v1/admin/shards/move", () => {
  it("moves a bucket step by step until done, as npm run shards:move drives it", async () => {
    const other = bucketOf(CODES.find((c) => bucketOf(c) !== bucket)!);
    const otherCodes = CODES.filter((c) => bucketOf(c) === other);
    const from = await mapOf(other);
    const to = from === "SHARD_0" ? "SHARD_1" : "SHARD_0";
    const expected = await readings(otherCodes);
    const phases: string[] = [];
    for (let i = 0; i < 50 && phases.at(-1) !== "done"; i++) {
      const { status, body } = await api<{ phase: string; from: string; to: string; progress: string }>("/api/v1/admin/shards/move", { method: "POST", body: JSON.stringify({ bucket: other, to }), claims: ADMIN });
      expect(status).toBe(200);
      expect(body).toMatchObject({ from, to });
      phases.push(body.phase);
    }
    // The phase after each step: copy pages, verification pages, the switch, delete pages, done — in this order.
    expect(phases.join(",")).toMatch(/^(copy,)+(verify,)+switch,(delete,)+done$/);
    expect(await mapOf(other)).toBe(to);
    expect(await readings(otherCodes)).toEqual(expected);
  });

  it("answers 400 naming the field for a bucket out of range or an unbound shard", async () => {
    const outOfRange = await api<{ error: { code: string; details: { field: string }[] } }>("/api/v1/admin/shards/move", { method: "POST", body: JSON.stringify({ bucket: 256, to: "SHARD_1" }), claims: ADMIN });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.details.map((d) => d.field)).toContain("body.bucket");
    const unbound = await api<{ error: { code: string; details: { field: string }[] } }>("/api/v1/admin/shards/move", { method: "POST", body: JSON.stringify({ bucket: 3, to: "SHARD_7" }), claims: ADMIN });
    expect(unbound.status).toBe(400);
    expect(unbound.body.error.details.map((d) => d.field)).toEqual(["body.to"]);
  });
});
