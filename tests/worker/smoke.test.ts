import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("smoke", () => {
  it("health answers without the database", async () => {
    const res = await exports.default.fetch("http://x/api/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });
  it("unknown subject is a 404 envelope", async () => {
    const res = await exports.default.fetch("http://x/api/v1/subjects/91350100M000100Y43");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "subject_not_found" } });
  });
});
