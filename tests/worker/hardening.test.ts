import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { OFFICER, bearer, token } from "./tokens";

const fetchApp = (path: string, init: RequestInit = {}) => exports.default.fetch(`http://x${path}`, init);

describe("rate limits", () => {
  it("answers 429 with Retry-After in the envelope once a client passes the public limit", async () => {
    const headers = { "cf-connecting-ip": "203.0.113.7" };
    let limited: Response | undefined;
    for (let i = 0; i < 200 && !limited; i++) {
      const res = await fetchApp("/api/v1/health", { headers });
      if (res.status === 429) limited = res;
    }
    expect(limited, "no 429 within 200 requests").toBeDefined();
    expect(limited!.headers.get("retry-after")).toBe("60");
    expect(await limited!.json()).toMatchObject({ error: { code: "rate_limited" } });
    // Another client is not affected.
    expect((await fetchApp("/api/v1/health", { headers: { "cf-connecting-ip": "203.0.113.8" } })).status).toBe(200);
  });

  it("keys token holders by token subject, not by address", async () => {
    const headers = { ...bearer(await token({ ...OFFICER, sub: "officer-rate" })), "cf-connecting-ip": "203.0.113.7" };
    expect((await fetchApp("/api/v1/health", { headers })).status).toBe(200);
  });
});

describe("request bodies", () => {
  it("refuses a body over the limit with 413 in the envelope", async () => {
    const res = await fetchApp("/api/v1/health", { method: "POST", body: "x".repeat(300 * 1024), headers: { "content-type": "text/plain" } });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "payload_too_large", details: { maxBytes: 262144 } } });
  });
});

describe("secure headers", () => {
  for (const path of ["/", "/?q=渝信", "/s/91310115591693856A", "/s/bad", "/docs", "/admin/login"]) {
    it(`sets a strict CSP with a nonce on ${path}`, async () => {
      const res = await fetchApp(path);
      expect(res.headers.get("content-type")).toContain("text/html");
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=_-]+'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await res.text()).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    });
  }
});

describe("CORS", () => {
  it("does not open the API to arbitrary origins", async () => {
    const res = await fetchApp("/api/v1/health", { headers: { origin: "https://evil.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });
  it("allows the configured extension origin, preflight included", async () => {
    const origin = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
    const res = await fetchApp("/api/v1/health", { headers: { origin } });
    expect(res.headers.get("access-control-allow-origin")).toBe(origin);
    const preflight = await fetchApp("/api/v1/search", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  });
});

describe("errors", () => {
  it("answers unknown routes in the envelope", async () => {
    const res = await fetchApp("/api/v1/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "route_not_found" } });
  });
  it("answers malformed input without internals", async () => {
    const res = await fetchApp("/api/v1/subjects/%E0%A4%A");
    expect(res.status).toBeLessThan(500);
    const text = await res.text();
    expect(text).not.toMatch(/at .*\.ts:\d+|stack|TypeError/);
  });
});

describe("receipt verification bodies", () => {
  it("accepts a large pasted receipt (beyond the default 256 KB) and answers in the envelope", async () => {
    const jws = `${"a".repeat(200_000)}.${"b".repeat(150_000)}.c`;
    const res = await fetchApp("/api/v1/receipts/verify", { method: "POST", body: JSON.stringify({ jws }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ valid: false });
  });
  it("still refuses a body over its own 2 MB limit", async () => {
    const res = await fetchApp("/api/v1/receipts/verify", { method: "POST", body: JSON.stringify({ jws: "a".repeat(2_200_000) }), headers: { "content-type": "application/json" } });
    expect(res.status).toBe(413);
  });
});
