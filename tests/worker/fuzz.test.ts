/**
 * Property-based tests of every route with hostile input (fixed seed, ≥ 1,000 cases per route): wrong
 * types, huge strings, SQL and FTS metacharacters, control characters, XSS payloads, malformed JSON.
 * Never a 5xx, always the envelope on API errors, never an unescaped payload in HTML, nothing written.
 */
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { AUTHORITY, insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, bearer, token } from "./tokens";
import { PROVIDER } from "./tokens";
import { INGEST_KINDS } from "../../shared/contract/ingest";
import { csvLine } from "../../shared/ingest/csv";
import { PENALTY_CODES, PENALTY_HEADERS, SOURCE_UNIT, penaltyRow } from "../fixtures/ingest/rows";
import { TODAY } from "./fixtures";

const RUNS = 1000;
const SEED = 20261127;

const hostile = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --", "\"; DROP TABLE subjects; --", "') UNION SELECT * FROM query_log --", "%' AND '1'='1", "NEAR(a b)", "\"渝信\" OR \"1\"", "渝*", "*",
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${7*7}", "\u0000\u0001\u001f", "\u202e\u200b\ufeff",
    "../../etc/passwd", "%00", "%E0%A4%A", "null", "[]", "{}", "-1", "1e309", "９１３５０１００Ｍ０００１００Ｙ４３",
  ),
  fc.integer({ min: 1, max: 5000 }).map((n) => "渝".repeat(n)),
  fc.integer({ min: 1, max: 3000 }).map((n) => "A'".repeat(n)),
);

const clientIp = fc.ipV4();

/** The status and body of a request; asserts the invariants every answer must keep. */
async function probe(request: Request, kind: "api" | "html") {
  const res = await exports.default.fetch(request);
  const text = await res.text();
  expect(res.status, `${request.method} ${request.url} → ${res.status}`).toBeLessThan(500);
  if (kind === "api" && res.status >= 400) {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe("string");
    expect(typeof body.error?.message).toBe("string");
  }
  if (kind === "html") expect(text).not.toMatch(/<script>alert|<img src=x onerror/);
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
  return res.status;
}

let officer: Record<string, string>;
let admin: Record<string, string>;
const countLog = async () => (await env.DB.prepare("SELECT count(*) AS n FROM query_log").first<{ n: number }>())!.n;
const countSubjects = async () => (await env.DB.prepare("SELECT count(*) AS n FROM subjects").first<{ n: number }>())!.n;

/** A subject with one repairable penalty, so hostile filings sometimes reach the rules. */
const FUZZ_CODE = uscc("500103");

beforeAll(async () => {
  await insertSubject({ code: uscc("500103"), name: "重庆渝信建设有限公司" });
  await insertPenalty(await insertSubject({ code: FUZZ_CODE, name: "重庆渝中模糊测试有限公司" }), { docNo: "渝中市监罚〔2026〕9001号", monthsAgo: 5 });
  officer = bearer(await token(OFFICER));
  admin = bearer(await token(ADMIN));
});

const opts = { numRuns: RUNS, seed: SEED, endOnFailure: true };

describe("fuzzing every route", () => {
  it("GET /api/v1/subjects/{code} (public)", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, clientIp, async (code, ip) => {
        await probe(new Request(`http://x/api/v1/subjects/${encodeURIComponent(code)}`, { headers: { "cf-connecting-ip": ip } }), "api");
      }),
      opts,
    );
  });

  it("GET /api/v1/subjects/{code} (officer, hostile scene and purpose): bad input writes nothing", async () => {
    const before = await countLog();
    let logged = 0;
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (code, scene, purpose) => {
        const qs = new URLSearchParams({ scene, purpose });
        const status = await probe(new Request(`http://x/api/v1/subjects/${encodeURIComponent(code)}?${qs}`, { headers: officer }), "api");
        if (status === 200) logged++;
      }),
      { ...opts, numRuns: RUNS },
    );
    expect(await countLog()).toBe(before + logged);
  });

  it("GET /api/v1/me (hostile Authorization headers): always the envelope, never a log entry", async () => {
    const before = await countLog();
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom("Bearer ", "bearer ", "Token ", ""), clientIp, async (value, scheme, ip) => {
        // Header values cannot carry control characters or non-Latin-1: those are refused before the worker.
        const header = `${scheme}${value}`.replace(/[^\x20-\x7e]/g, "");
        const status = await probe(new Request("http://x/api/v1/me", { headers: { authorization: header || "Bearer", "cf-connecting-ip": ip } }), "api");
        expect(status).toBe(401);
      }),
      opts,
    );
    expect(await countLog()).toBe(before);
  });

  it("POST /api/v1/subjects/lookup (public and officer, hostile codes, scenes and purposes)", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, fc.boolean(), clientIp, async (code, scene, purpose, asOfficer, ip) => {
        const body = JSON.stringify(asOfficer ? { code, scene, purpose } : { code });
        const headers = { "content-type": "application/json", "cf-connecting-ip": ip, ...(asOfficer ? officer : {}) };
        await probe(new Request("http://x/api/v1/subjects/lookup", { method: "POST", body, headers }), "api");
      }),
      opts,
    );
  });

  it("GET /api/v1/search", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.oneof(hostile, fc.integer().map(String)), clientIp, async (q, page, ip) => {
        await probe(new Request(`http://x/api/v1/search?${new URLSearchParams({ q, page })}`, { headers: { "cf-connecting-ip": ip } }), "api");
      }),
      opts,
    );
  });

  it("GET /api/v1/audit (admin)", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, fc.constantFrom("json", "csv", "xml", ""), async (actor, from, scene, format) => {
        await probe(new Request(`http://x/api/v1/audit?${new URLSearchParams({ actor, from, scene, format })}`, { headers: admin }), "api");
      }),
      opts,
    );
  });

  it("Authorization headers of every shape", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (value) => {
        // Headers are bytes on the wire: what a client can send is printable ASCII.
        const header = value.replace(/[^\x20-\x7e]/g, "").slice(0, 8000);
        await probe(new Request("http://x/api/v1/search?q=渝信", { headers: { authorization: `Bearer ${header}` } }), "api");
      }),
      opts,
    );
  });

  it("malformed JSON and wrong content types on API writes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, fc.json(), fc.string({ unit: "binary" })), fc.constantFrom("application/json", "text/plain", "multipart/form-data", ""), async (body, type) => {
        await probe(new Request("http://x/api/v1/subjects/91350100M000100Y43", { method: "POST", body, headers: { "content-type": type, ...officer } }), "api");
      }),
      opts,
    );
  });

  it("GET / and /s/{code} pages", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, clientIp, async (q, code, ip) => {
        const headers = { "cf-connecting-ip": ip };
        await probe(new Request(`http://x/?${new URLSearchParams({ q })}`, { headers }), "html");
        await probe(new Request(`http://x/s/${encodeURIComponent(code)}`, { headers }), "html");
        // The search form posts (an ID number typed into it never lands in a URL).
        const form = { "content-type": "application/x-www-form-urlencoded", origin: "http://x", ...headers };
        await probe(new Request("http://x/", { method: "POST", body: new URLSearchParams({ q }), headers: form }), "html");
      }),
      opts,
    );
  });

  it("POST /admin/login", async () => {
    const subjects = await countSubjects();
    await fc.assert(
      fc.asyncProperty(hostile, async (value) => {
        await probe(
          new Request("http://x/admin/login", {
            method: "POST",
            body: new URLSearchParams({ token: value }),
            headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://x" },
            redirect: "manual",
          }),
          "html",
        );
      }),
      opts,
    );
    expect(await countSubjects()).toBe(subjects);
  });
});

// Each property runs 1,000 requests through the worker; on a loaded 2-core machine that takes several seconds.
describe("fuzzing the evaluation, inspection and report routes", { timeout: 60_000 }, () => {
  const v1Definition = async () => (await env.DB.prepare("SELECT definition FROM evaluation_models WHERE version = 'v1'").first<{ definition: string }>())!.definition;
  const hostileNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 5001, 2 ** 32, Number.MAX_SAFE_INTEGER), hostile);

  it("GET /api/v1/evaluations/{code} (officer, hostile code, scene and purpose): only successful reads are logged", async () => {
    const before = await countLog();
    let logged = 0;
    await fc.assert(
      fc.asyncProperty(hostile, fc.oneof(hostile, fc.constant("政府采购")), hostile, async (code, scene, purpose) => {
        const qs = new URLSearchParams({ scene, purpose });
        const status = await probe(new Request(`http://x/api/v1/evaluations/${encodeURIComponent(code)}?${qs}`, { headers: officer }), "api");
        if (status === 200) logged++;
      }),
      opts,
    );
    expect(await countLog()).toBe(before + logged);
  });

  it("POST /api/v1/inspections/sample (admin, hostile bodies and formats)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json(),
          fc.record({ size: hostileNumber, seed: hostileNumber, filter: fc.oneof(fc.anything(), fc.record({ regionCode: hostile, industryCode: hostile, grades: fc.array(hostile), kinds: fc.array(hostile) })) }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
        ),
        fc.constantFrom("json", "csv", "xml", ""),
        async (body, format) => {
          await probe(new Request(`http://x/api/v1/inspections/sample?format=${format}`, { method: "POST", body, headers: { "content-type": "application/json", ...admin } }), "api");
        },
      ),
      opts,
    );
  });

  it("PUT, dry-run and publish of /api/v1/evaluation-models/{version} (admin, hostile versions and bodies): published models never change", async () => {
    const before = await v1Definition();
    await fc.assert(
      fc.asyncProperty(hostile, fc.oneof(fc.json(), hostile), fc.constantFrom("PUT", "dry-run", "publish"), async (version, body, action) => {
        const path = `http://x/api/v1/evaluation-models/${encodeURIComponent(version)}`;
        const request =
          action === "PUT"
            ? new Request(path, { method: "PUT", body, headers: { "content-type": "application/json", ...admin } })
            : new Request(`${path}/${action}`, { method: "POST", headers: admin });
        await probe(request, "api");
      }),
      opts,
    );
    expect(await v1Definition()).toBe(before);
  });

  it("POST /api/v1/evaluations/recompute (admin, hostile bodies)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.record({ maxChunks: hostileNumber, chunkSize: hostileNumber, restart: fc.anything() }, { requiredKeys: [] }).map((b) => JSON.stringify(b))), async (body) => {
        await probe(new Request("http://x/api/v1/evaluations/recompute", { method: "POST", body, headers: { "content-type": "application/json", ...admin } }), "api");
      }),
      opts,
    );
  });

  it("GET /api/v1/reports/grades and /admin/grades (hostile query strings and cookies)", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (q, cookie) => {
        await probe(new Request(`http://x/api/v1/reports/grades?${new URLSearchParams({ q })}`, { headers: admin }), "api");
        const value = cookie.replace(/[^\x21-\x7e]/g, "").slice(0, 4000);
        await probe(new Request(`http://x/admin/grades?${new URLSearchParams({ q })}`, { headers: { cookie: `cx_admin=${value}` }, redirect: "manual" }), "html");
      }),
      opts,
    );
  });

  it("POST /api/v1/evaluation-models (admin, hostile and mutated definitions): published models never change", async () => {
    const before = await v1Definition();
    const base = JSON.parse(before) as Record<string, unknown>;
    const mutated = fc
      .tuple(fc.constantFrom("maxScore", "thresholds", "indicators", "caps", "dimensions", "publicWeight"), fc.anything())
      .map(([key, value]) => ({ ...base, [key]: value }));
    await fc.assert(
      fc.asyncProperty(
        fc.record({ version: hostile, kind: fc.oneof(fc.constantFrom("public", "industry"), hostile), industryCode: fc.oneof(hostile, fc.constant("E")), definition: fc.oneof(mutated, fc.anything()) }, { requiredKeys: [] }),
        async (body) => {
          await probe(new Request("http://x/api/v1/evaluation-models", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...admin } }), "api");
        },
      ),
      opts,
    );
    expect(await v1Definition()).toBe(before);
  });
});

// Checks, receipts, measures and the change feed: each case runs the whole stack, so each test gets time.
const FUZZ_TIMEOUT_MS = 120_000;

/**
 * Token holders are rate limited by token subject (600 a minute), and earlier tests in this file use up
 * the shared officer's and admin's buckets: each test here spreads its cases over its own subjects, so
 * the cases reach the routes instead of the limiter.
 */
async function tokenPool(claims: Record<string, unknown>, name: string, size = 6) {
  const headers = await Promise.all(Array.from({ length: size }, async (_, i) => bearer(await token({ ...claims, sub: `${String(claims.sub)}-${name}-${i}` }))));
  let next = 0;
  return () => headers[next++ % size]!;
}

describe("fuzzing checks, receipts, measures and changes", () => {
  it("POST /api/v1/checks (officer, hostile bodies): no 5xx, one log entry and one receipt per answered check", async () => {
    const officers = await tokenPool(OFFICER, "checks");
    const before = await countLog();
    const receiptsBefore = (await env.DB.prepare("SELECT count(*) AS n FROM receipts").first<{ n: number }>())!.n;
    let answered = 0;
    const item = fc.record({ ref: fc.oneof(hostile, fc.string({ maxLength: 8 })), code: fc.oneof(hostile, fc.constant("91350100M000100Y43")), name: hostile }, { requiredKeys: [] });
    // Well-formed batches with hostile codes and names reach the resolver; the rest test validation.
    const wellFormed = fc.record({
      scene: fc.constant("政府采购"),
      purpose: fc.constant("CQZC-2026-0381"),
      items: fc.uniqueArray(
        fc.record({ ref: fc.string({ minLength: 1, maxLength: 8 }).filter((r) => r.trim().length > 0), code: fc.oneof(hostile.map((c) => c.slice(0, 64)), fc.constant("91350100M000100Y43")), name: hostile.map((n) => n.slice(0, 200)) }, { requiredKeys: ["ref", "code"] }),
        { minLength: 1, maxLength: 5, selector: (i) => i.ref.trim() },
      ),
    });
    const body = fc.oneof(
      wellFormed,
      fc.record({ scene: fc.oneof(fc.constant("政府采购"), hostile), purpose: fc.oneof(fc.constant("CQZC-2026-0381"), hostile), items: fc.array(fc.oneof(item, fc.anything()), { maxLength: 110 }) }, { requiredKeys: [] }),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const status = await probe(new Request("http://x/api/v1/checks", { method: "POST", body: JSON.stringify(value) ?? "", headers: { "content-type": "application/json", ...officers() } }), "api");
        if (status === 200) answered++;
      }),
      opts,
    );
    expect(answered).toBeGreaterThan(100);
    expect(await countLog()).toBe(before + answered);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM receipts").first<{ n: number }>())!.n).toBe(receiptsBefore + answered);
  }, FUZZ_TIMEOUT_MS);

  it("POST /api/v1/receipts/verify and the /verify page (hostile JWS text)", async () => {
    const jwsLike = fc.tuple(hostile, hostile, hostile).map((parts) => parts.join("."));
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, jwsLike), fc.oneof(fc.constant(null), fc.anything()), clientIp, async (jws, other, ip) => {
        const headers = { "content-type": "application/json", "cf-connecting-ip": ip };
        const body = other === null ? JSON.stringify({ jws }) : (JSON.stringify(other) ?? "");
        await probe(new Request("http://x/api/v1/receipts/verify", { method: "POST", body, headers }), "api");
        await probe(new Request("http://x/verify", { method: "POST", body: new URLSearchParams({ jws }), headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": ip } }), "html");
      }),
      opts,
    );
  }, FUZZ_TIMEOUT_MS);

  it("GET /api/v1/subjects/{code}/report, /s/{code}/report, /r/{number} and the JWKS", async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, clientIp, async (code, number, ip) => {
        const headers = { "cf-connecting-ip": ip };
        await probe(new Request(`http://x/api/v1/subjects/${encodeURIComponent(code)}/report`, { headers }), "api");
        await probe(new Request(`http://x/s/${encodeURIComponent(code)}/report`, { headers }), "html");
        await probe(new Request(`http://x/r/${encodeURIComponent(number)}`, { headers }), "html");
      }),
      opts,
    );
    expect((await exports.default.fetch("http://x/.well-known/jwks.json", { headers: { "cf-connecting-ip": "198.51.100.77" } })).status).toBe(200);
  }, FUZZ_TIMEOUT_MS);

  it("GET, POST and PUT /api/v1/measures (hostile filters and bodies): the catalogue changes only by what was accepted", async () => {
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM measures").first<{ n: number }>())!.n;
    const [officers, admins] = [await tokenPool(OFFICER, "measures"), await tokenPool(ADMIN, "measures", 8)];
    const before = await count();
    let created = 0;
    const measure = fc.record(
      {
        listType: fc.oneof(fc.constantFrom("serious_dishonesty", "red_list"), hostile),
        scene: fc.oneof(fc.constantFrom("政府采购", "public_query"), hostile),
        effect: fc.oneof(fc.constantFrom("block", "benefit", "flag"), hostile),
        text: hostile,
        legalBasis: hostile,
        active: fc.oneof(fc.boolean(), fc.anything()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(hostile, hostile, fc.oneof(measure, fc.anything()), fc.oneof(hostile, fc.integer().map(String)), async (scene, listType, body, id) => {
        await probe(new Request(`http://x/api/v1/measures?${new URLSearchParams({ scene, listType })}`, { headers: officers() }), "api");
        const headers = { "content-type": "application/json", ...admins() };
        if ((await probe(new Request("http://x/api/v1/measures", { method: "POST", body: JSON.stringify(body) ?? "", headers }), "api")) === 201) created++;
        await probe(new Request(`http://x/api/v1/measures/${encodeURIComponent(id)}`, { method: "PUT", body: JSON.stringify(body) ?? "", headers }), "api");
      }),
      opts,
    );
    expect(await count()).toBe(before + created);
  }, FUZZ_TIMEOUT_MS);

  it("GET /api/v1/changes (hostile cursors)", async () => {
    const officers = await tokenPool(OFFICER, "changes");
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, fc.integer().map(String), fc.double().map(String)), fc.oneof(hostile, fc.integer().map(String)), async (since, limit) => {
        await probe(new Request(`http://x/api/v1/changes?${new URLSearchParams({ since, limit })}`, { headers: officers() }), "api");
      }),
      opts,
    );
  }, FUZZ_TIMEOUT_MS);
});

// Data ingestion: files of every format with hostile content, as admin and as provider. Whatever is refused
// leaves nothing behind but its batch and rejection records.
describe("fuzzing the ingest routes", () => {
  const INGEST_TIMEOUT_MS = 240_000;
  const columns = [...PENALTY_HEADERS, ...Object.values(PENALTY_CODES), "处罚类别1", "XK_WSH", "XK_YXQZI", "名单类型", "主体名称", "证件号码", "承诺书编号", "履约状态", "移出日期"];
  const cell = fc.oneof(
    hostile,
    fc.constantFrom("", '"', '""', ",", "\r\n", "\uFFFD", "2026-02-30", "2099/12/31", "9999-12-31", "46000", "2000", "-1", "0.0000001", "4", "9", "constructor", "__proto__", SOURCE_UNIT.code, "91500103MA5U3K9L2X"),
  );
  const csvFile = fc
    .tuple(fc.array(fc.oneof(fc.constantFrom(...columns), hostile), { minLength: 1, maxLength: 24 }), fc.array(fc.array(cell, { maxLength: 26 }), { maxLength: 6 }))
    .map(([header, rows]) => [header, ...rows].map((r) => csvLine(r)).join(""));
  const objectRow = fc.dictionary(fc.oneof(fc.constantFrom(...columns), hostile), fc.oneof(cell, fc.integer(), fc.double(), fc.constant(null), fc.anything()), { maxKeys: 12 });
  const body = fc.oneof(
    csvFile,
    csvFile.map((text) => text.slice(0, Math.floor(text.length / 2))), // cut inside a quoted field
    fc.array(objectRow, { maxLength: 6 }).map((rows) => JSON.stringify(rows)),
    fc.array(fc.oneof(objectRow.map((r) => JSON.stringify(r)), hostile), { maxLength: 6 }).map((lines) => lines.join("\n")),
    fc.json(),
    hostile,
    fc.string({ unit: "binary", maxLength: 200 }),
  );
  // Real-looking penalty rows with some cells made hostile: these reach validation and the database.
  const mutatedRow = fc
    .tuple(fc.nat(5000), fc.array(fc.tuple(fc.constantFrom(...PENALTY_HEADERS), cell), { maxLength: 4 }))
    .map(([n, edits]) => ({ ...penaltyRow(n, TODAY), ...Object.fromEntries(edits) }) as Record<string, string>);
  const penaltyFile = fc.oneof(
    fc.tuple(fc.boolean(), fc.array(mutatedRow, { minLength: 1, maxLength: 6 })).map(([codes, rows]) =>
      ["text/csv", [PENALTY_HEADERS.map((h) => (codes ? PENALTY_CODES[h] : h)), ...rows.map((r) => PENALTY_HEADERS.map((h) => r[h] ?? ""))].map((r) => csvLine(r)).join("")] as const,
    ),
    fc.array(mutatedRow, { minLength: 1, maxLength: 6 }).map((rows) => ["application/json", JSON.stringify(rows)] as const),
    fc.array(mutatedRow, { minLength: 1, maxLength: 6 }).map((rows) => ["application/x-ndjson", rows.map((r) => JSON.stringify(r)).join("\n")] as const),
  );
  const contentType = fc.constantFrom("text/csv", "text/csv; charset=gbk", "text/csv; charset=latin1", "application/json", "application/x-ndjson", "text/plain", "", "application/xml");
  const upload = fc.oneof(
    fc.tuple(fc.constant("penalties"), penaltyFile).map(([kind, [type, file]]) => [kind, type, file] as const),
    fc.tuple(fc.oneof(fc.constantFrom(...INGEST_KINDS), hostile), contentType, body),
  );
  const query = fc.record(
    { encoding: fc.oneof(fc.constantFrom("gbk", "utf-8"), hostile), rowOffset: fc.oneof(fc.integer().map(String), hostile), sourceUnit: hostile, sourceUnitName: hostile, authorityCode: hostile, listType: hostile, fileName: hostile },
    { requiredKeys: [] },
  );
  const data = ["subjects", "records", "list_entries", "commitments"];

  it("POST /api/v1/ingest/{kind} (hostile files in every format): accepted + rejected = total, refused rows write nothing", async () => {
    const firstBatch = (await env.DB.prepare("SELECT coalesce(max(id), 0) AS n FROM ingest_batches").first<{ n: number }>())!.n;
    const provider = bearer(await token(PROVIDER));
    await fc.assert(
      fc.asyncProperty(upload, fc.oneof(fc.constant({}), query), fc.boolean(), async ([kind, type, file], params, asProvider) => {
        const qs = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === "string"));
        const request = new Request(`http://x/api/v1/ingest/${encodeURIComponent(kind)}?${qs}`, {
          method: "POST",
          body: file,
          headers: { "content-type": type, ...(asProvider ? provider : admin) },
        });
        const res = await exports.default.fetch(request);
        const text = await res.text();
        expect(res.status, `${kind} ${type} → ${res.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
        const answer = JSON.parse(text) as { total?: number; accepted?: number; rejected?: number; rejectedRows?: unknown[]; error?: { code: string; message: string } };
        if (res.status === 200) {
          expect(answer.accepted! + answer.rejected!).toBe(answer.total);
          expect(answer.rejectedRows!.length).toBeLessThanOrEqual(1000);
        } else {
          expect(typeof answer.error?.code).toBe("string");
        }
        expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
      }),
      opts,
    );
    // Every refused row is kept as a rejection; no stored row belongs to a batch that accepted nothing.
    const batches = await env.DB.prepare(
      `SELECT b.id, b.total_rows, b.accepted_rows, b.rejected_rows, b.status, (SELECT count(DISTINCT row_number) FROM ingest_rejections r WHERE r.batch_id = b.id) AS kept
         FROM ingest_batches b WHERE b.id > ?1`,
    ).bind(firstBatch).all<{ id: number; total_rows: number; accepted_rows: number; rejected_rows: number; status: string; kept: number }>();
    expect(batches.results.length).toBeGreaterThan(100);
    for (const b of batches.results) {
      expect(b.status, `batch ${b.id}`).toBe("done");
      expect(b.accepted_rows + b.rejected_rows, `batch ${b.id}`).toBe(b.total_rows);
      expect(b.kept, `batch ${b.id}`).toBe(b.rejected_rows);
    }
    for (const table of data) {
      const stray = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE batch_id IN (SELECT id FROM ingest_batches WHERE id > ?1 AND accepted_rows = 0)`).bind(firstBatch).first<{ n: number }>();
      expect(stray!.n, table).toBe(0);
    }
  }, INGEST_TIMEOUT_MS);

  it("GET /api/v1/ingest/batches/{id} (hostile ids and pages, admin and provider)", async () => {
    const provider = bearer(await token(PROVIDER));
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, fc.integer().map(String), fc.bigInt().map(String)), fc.oneof(hostile, fc.integer().map(String)), fc.boolean(), async (id, page, asProvider) => {
        await probe(new Request(`http://x/api/v1/ingest/batches/${encodeURIComponent(id)}?${new URLSearchParams({ page })}`, { headers: asProvider ? provider : admin }), "api");
      }),
      opts,
    );
  }, INGEST_TIMEOUT_MS);

  it("GET and PUT /api/v1/ingest/severity-rules (hostile bodies): the rules change only when valid", async () => {
    const stored = async () => (await env.DB.prepare("SELECT count(*) AS n, group_concat(value) AS v FROM settings WHERE key = 'severity_rules'").first<{ n: number; v: string | null }>())!;
    const before = await stored();
    let changed = 0;
    const rules = fc.record(
      {
        seriousKinds: fc.oneof(fc.array(fc.constantFrom("吊销许可证件", "罚款", "行政拘留")), fc.anything()),
        seriousFineWan: fc.oneof(fc.double(), fc.integer(), fc.anything()),
        minorKinds: fc.oneof(fc.array(fc.constantFrom("警告", "通报批评", "吊销许可证件")), fc.anything()),
        minorFineWan: fc.oneof(fc.double(), fc.anything()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(rules, fc.anything()), fc.constantFrom("application/json", "text/plain", ""), async (value, type) => {
        const status = await probe(new Request("http://x/api/v1/ingest/severity-rules", { method: "PUT", body: JSON.stringify(value) ?? "", headers: { "content-type": type, ...admin } }), "api");
        if (status === 200) changed++;
        await probe(new Request("http://x/api/v1/ingest/severity-rules", { headers: admin }), "api");
      }),
      opts,
    );
    if (changed === 0) expect(await stored()).toEqual(before);
  }, INGEST_TIMEOUT_MS);

  it("POST /api/v1/records/{id}/classification (hostile ids and bodies, admin): only a 200 changes a record", async () => {
    const target = (await env.DB.prepare("SELECT id FROM records WHERE doc_no = '渝中市监罚〔2026〕9001号'").first<{ id: number }>())!.id;
    const versions = async () => (await env.DB.prepare("SELECT coalesce(sum(version), 0) AS n FROM records").first<{ n: number }>())!.n;
    const before = await versions();
    let changed = 0;
    const body = fc.oneof(
      fc.record({ severity: fc.oneof(fc.constantFrom("轻微", "一般", "严重"), hostile, fc.anything()), note: fc.oneof(hostile, fc.anything()) }, { requiredKeys: [] }),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, fc.integer().map(String), fc.constant(String(target))), body, async (id, value) => {
        const request = new Request(`http://x/api/v1/records/${encodeURIComponent(id)}/classification`, { method: "POST", body: JSON.stringify(value) ?? "", headers: { "content-type": "application/json", ...admin } });
        if ((await probe(request, "api")) === 200) changed++;
      }),
      opts,
    );
    expect(await versions()).toBe(before + changed);
  }, INGEST_TIMEOUT_MS);
});

describe("fuzzing the repair and objection routes", () => {
  // Each test has its own token subject and client addresses, so rate limits never starve it.
  it("POST /api/v1/repairs and /api/v1/objections (hostile bodies, public): only a 201 writes a case", async () => {
    const count = async () => (await env.DB.prepare("SELECT (SELECT count(*) FROM repair_cases) + (SELECT count(*) FROM objection_cases) AS n").first<{ n: number }>())!.n;
    const before = await count();
    let created = 0;
    const body = fc.oneof(
      fc.record(
        {
          subjectCode: fc.oneof(hostile, fc.constant(FUZZ_CODE)),
          docNo: fc.oneof(hostile, fc.constant("渝中市监罚〔2026〕9001号")),
          applicantName: hostile,
          applicantContact: fc.oneof(hostile, fc.constant("13812345678")),
          statement: hostile,
          reason: hostile,
          commitmentAccepted: fc.oneof(fc.constant(true), fc.anything()),
        },
        { requiredKeys: [] },
      ),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("repairs", "objections"), body, clientIp, async (kind, value, ip) => {
        const status = await probe(
          new Request(`http://x/api/v1/${kind}`, { method: "POST", body: JSON.stringify(value) ?? "", headers: { "content-type": "application/json", "cf-connecting-ip": ip } }),
          "api",
        );
        if (status === 201) created++;
      }),
      opts,
    );
    expect(await count()).toBe(before + created);
  });

  it("GET /api/v1/cases/{tracking}, its files, and GET /api/v1/cases (hostile numbers and filters)", async () => {
    const reader = bearer(await token({ ...ADMIN, sub: "fuzz-cases-admin" }));
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, clientIp, async (tracking, state, overdue, ip) => {
        await probe(new Request(`http://x/api/v1/cases/${encodeURIComponent(tracking)}`, { headers: { "cf-connecting-ip": ip } }), "api");
        await probe(new Request(`http://x/api/v1/cases?${new URLSearchParams({ state, overdue })}`, { headers: reader }), "api");
        await probe(new Request(`http://x/api/v1/cases/${encodeURIComponent(tracking)}/files/${encodeURIComponent(state)}`, { headers: reader }), "api");
      }),
      opts,
    );
  });

  it("the pages /repair, /objection, /cases/{tracking} (hostile queries and forms): never a 5xx, never an unescaped payload", async () => {
    const fields = fc.record(
      { subjectCode: fc.oneof(hostile, fc.constant(FUZZ_CODE)), docNo: fc.oneof(hostile, fc.constant("渝中市监罚〔2026〕9001号")), applicantName: hostile, applicantContact: hostile, statement: hostile, reason: hostile, commitmentAccepted: fc.oneof(hostile, fc.constant("on")) },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/repair", "/objection"), fields, hostile, clientIp, async (path, values, tracking, ip) => {
        const form = new URLSearchParams(values as Record<string, string>);
        await probe(new Request(`http://x${path}?${form}`, { headers: { "cf-connecting-ip": ip } }), "html");
        const res = await exports.default.fetch(new Request(`http://x${path}`, { method: "POST", body: form, headers: { origin: "http://x", "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": ip }, redirect: "manual" }));
        const text = await res.text();
        expect(res.status).toBeLessThan(500);
        expect(text).not.toMatch(/<script>alert|<img src=x onerror/);
        await probe(new Request(`http://x/cases/${encodeURIComponent(tracking)}`, { headers: { "cf-connecting-ip": ip } }), "html");
      }),
      opts,
    );
  });

  it("POST decisions (hostile numbers and bodies, the deciding officer): never a 5xx, the envelope on errors", async () => {
    const decider = bearer(await token({ ...OFFICER, sub: "fuzz-cases-officer", dept: AUTHORITY.code }));
    const decision = fc.oneof(
      fc.record({ outcome: fc.oneof(fc.constantFrom("repaired", "refused", "dismissed", "corrected", "deleted"), hostile), reason: hostile, corrections: fc.anything() }, { requiredKeys: [] }),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("repairs/{t}/accept", "repairs/{t}/decision", "objections/{t}/decision"), fc.oneof(hostile, fc.constantFrom("XF-20261127-ABCDEF", "YY-20261127-ABCDEF")), decision, async (route, tracking, value) => {
        await probe(
          new Request(`http://x/api/v1/${route.replace("{t}", encodeURIComponent(tracking))}`, { method: "POST", body: JSON.stringify(value) ?? "", headers: { "content-type": "application/json", ...decider } }),
          "api",
        );
      }),
      opts,
    );
  });
});

describe("fuzzing the calendar routes", () => {
  it("GET and PUT /api/v1/calendar/{year} (admin, hostile years and arrangements): never a 5xx, only valid arrangements stored", async () => {
    const calendarAdmin = bearer(await token({ ...ADMIN, sub: "fuzz-calendar-admin" }));
    const date = fc.oneof(hostile, fc.date({ min: new Date("1990-01-01"), max: new Date("2110-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
    const arrangement = fc.oneof(
      fc.record({ source: fc.oneof(hostile, fc.constant("国务院办公厅关于2031年部分节假日安排的通知")), holidays: fc.array(date, { maxLength: 12 }), workdays: fc.array(date, { maxLength: 4 }) }, { requiredKeys: [] }),
      fc.anything(),
    );
    const year = fc.oneof(hostile, fc.integer({ min: 1990, max: 2110 }).map(String));
    await fc.assert(
      fc.asyncProperty(year, arrangement, async (y, body) => {
        const path = `http://x/api/v1/calendar/${encodeURIComponent(y)}`;
        await probe(new Request(path, { headers: calendarAdmin }), "api");
        await probe(new Request(path, { method: "PUT", body: JSON.stringify(body) ?? "", headers: { "content-type": "application/json", ...calendarAdmin } }), "api");
      }),
      opts,
    );
    const { arrangementProblems } = await import("../../shared/domain/workdays");
    const stored = (await env.DB.prepare("SELECT year, holidays, workdays FROM work_calendar_years").all<{ year: number; holidays: string; workdays: string }>()).results;
    for (const row of stored) expect(arrangementProblems(row.year, { holidays: JSON.parse(row.holidays), workdays: JSON.parse(row.workdays) }), String(row.year)).toEqual([]);
  });
});
