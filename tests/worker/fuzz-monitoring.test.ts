/**
 * Property-based tests of the monitoring routes (issue 14) with hostile input (fixed seed, 1,000 cases each), in
 * the manner of fuzz.test.ts: never a 5xx, always the envelope on errors, and only accepted requests write.
 */
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { TODAY, insertSubject, uscc } from "./fixtures";
import { OFFICER, bearer, token } from "./tokens";

const RUNS = 1000;
const opts = { numRuns: RUNS, seed: 20261127, endOnFailure: true };
const FUZZ_TIMEOUT_MS = 300_000;
const CODE = uscc("500103");

const hostile = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("' OR 1=1 --", "\"; DROP TABLE watch_entries; --", "<script>alert(1)</script>", "\u0000\u0001", "-1", "1e309", "null", "[]", "{}", "2026-02-30", "9999-12-31", "９１３５０１００Ｍ０００１００Ｙ４３"),
  fc.integer({ min: 1, max: 3000 }).map((n) => "渝".repeat(n)),
);
const value = fc.oneof(hostile, fc.anything(), fc.integer(), fc.constant(CODE), fc.constant(TODAY));

/** Tokens rotate so the per-token rate limit does not answer in place of the routes. */
async function officers(name: string, size = 6) {
  const headers = await Promise.all(Array.from({ length: size }, async (_, i) => bearer(await token({ ...OFFICER, sub: `fuzz-${name}-${i}` }))));
  let next = 0;
  return () => headers[next++ % size]!;
}

async function probe(request: Request): Promise<number> {
  const res = await exports.default.fetch(request);
  const text = await res.text();
  expect(res.status, `${request.method} ${request.url} → ${res.status}: ${text.slice(0, 200)}`).toBeLessThan(500);
  if (res.status >= 400) {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe("string");
    expect(typeof body.error?.message).toBe("string");
  }
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
  return res.status;
}

const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
const post = (path: string, body: unknown, headers: Record<string, string>, method = "POST") =>
  new Request(`http://x${path}`, { method, body: JSON.stringify(body) ?? "", headers: { "content-type": "application/json", ...headers } });

beforeAll(async () => {
  await insertSubject({ code: CODE, name: "重庆模糊监控有限公司" });
});

describe("fuzzing the monitoring routes", () => {
  it("POST /api/v1/watchlist (hostile single and batch bodies): whatever is accepted is well-formed", async () => {
    const next = await officers("watch");
    const before = await count("watch_entries");
    let accepted = 0;
    const item = fc.record({ code: value, reason: fc.oneof(value, fc.constant("CQZC-2026-0381")), until: fc.oneof(value, fc.constant(TODAY)), scene: fc.oneof(value, fc.constant("政府采购")) }, { requiredKeys: [] });
    const body = fc.oneof(item, fc.record({ scene: value, items: fc.array(fc.oneof(item, fc.anything()), { maxLength: 110 }) }, { requiredKeys: [] }), fc.anything());
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        if ((await probe(post("/api/v1/watchlist", b, next()))) === 200) accepted++;
      }),
      opts,
    );
    expect(accepted).toBeGreaterThan(0);
    // Whatever was accepted is well-formed: a trimmed reason of 2–100 characters, a real date from today on.
    const bad = await env.DB.prepare(
      "SELECT count(*) AS n FROM watch_entries WHERE id > ?1 AND (length(reason) NOT BETWEEN 2 AND 100 OR reason <> trim(reason) OR until < ?2 OR date(until) IS NOT until)",
    )
      .bind(before, TODAY)
      .first<{ n: number }>();
    expect(bad!.n).toBe(0);
  }, FUZZ_TIMEOUT_MS);

  it("GET /api/v1/watchlist, DELETE /api/v1/watchlist/{id}, GET /api/v1/alerts, POST /api/v1/alerts/read (hostile parameters)", async () => {
    const next = await officers("read");
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, value, async (a, b, c, body) => {
        const q = (k: string, v: string) => `${k}=${encodeURIComponent(v)}`;
        await probe(new Request(`http://x/api/v1/watchlist?${q("cursor", a)}&${q("limit", b)}&${q("watcher", c)}`, { headers: next() }));
        await probe(new Request(`http://x/api/v1/watchlist/${encodeURIComponent(a)}`, { method: "DELETE", headers: next() }));
        await probe(new Request(`http://x/api/v1/alerts?${q("since", a)}&${q("unread", b)}&${q("limit", c)}`, { headers: next() }));
        await probe(post("/api/v1/alerts/read", typeof body === "object" && body !== null ? body : { ids: body }, next()));
      }),
      opts,
    );
  }, FUZZ_TIMEOUT_MS);

  it("POST /api/v1/commitments and /verification, GET /api/v1/subjects/{code}/commitments (hostile bodies and codes)", async () => {
    const next = await officers("commit");
    const before = await count("commitments");
    let created = 0;
    const body = fc.oneof(
      fc.record(
        { code: fc.oneof(value, fc.constant(CODE)), type: fc.oneof(value, fc.constant("证明事项告知承诺")), matter: fc.oneof(value, fc.constant("承诺无拖欠农民工工资记录")), madeOn: fc.oneof(value, fc.constant(TODAY)), verifyBy: fc.oneof(value, fc.constant(TODAY)), ref: fc.oneof(value, fc.string({ minLength: 2, maxLength: 20 })) },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(body, hostile, fc.record({ result: value, note: value }, { requiredKeys: [] }), fc.ipV4(), async (b, id, verification, ip) => {
        if ((await probe(post("/api/v1/commitments", b, next()))) === 201) created++;
        await probe(post(`/api/v1/commitments/${encodeURIComponent(id)}/verification`, verification, next()));
        await probe(new Request(`http://x/api/v1/subjects/${encodeURIComponent(id)}/commitments`, { headers: { "cf-connecting-ip": ip } }));
      }),
      opts,
    );
    expect(await count("commitments")).toBe(before + created);
  }, FUZZ_TIMEOUT_MS);
});
