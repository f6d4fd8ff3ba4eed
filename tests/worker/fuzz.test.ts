/**
 * Property-based tests of every route with hostile input (fixed seed, ≥ 1,000 cases per route): wrong
 * types, huge strings, SQL and FTS metacharacters, control characters, XSS payloads, malformed JSON.
 * Never a 5xx, always the envelope on API errors, never an unescaped payload in HTML, nothing written.
 */
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, bearer, token } from "./tokens";

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

beforeAll(async () => {
  await insertSubject({ code: uscc("500103"), name: "重庆渝信建设有限公司" });
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
