import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/index";

// The OpenAPI document is generated from the same zod schemas the worker validates with; here it is
// checked by an independent OpenAPI 3.1 validator, and against the routes the app really serves.
const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "查一查 API", version: "1.0.0" } });

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("lists every API route the app serves", () => {
    const served = app.routes
      .filter((r) => r.path.startsWith("/api/") && r.method !== "ALL")
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    const documented = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => `${method} ${path}`),
    );
    expect(served.length).toBeGreaterThan(0);
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it("answers every documented error with the envelope schema", () => {
    for (const item of Object.values(doc.paths ?? {})) {
      for (const operation of Object.values(item ?? {}) as { responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }[]) {
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (Number(status) < 400) continue;
          expect(response.content?.["application/json"]?.schema?.$ref).toBe("#/components/schemas/ErrorEnvelope");
        }
      }
    }
  });
});
