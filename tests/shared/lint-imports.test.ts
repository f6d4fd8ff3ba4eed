/**
 * scripts/lint/imports.ts, which npm run lint:cycles builds on: which imports it sees (type-only ones
 * included), how it resolves them, and the cycles it reports at file and folder level.
 */
import { describe, expect, it } from "vitest";
import { type Edge, importCycles, importGraph, importsOf, moduleGraph, moduleOf, resolveImport } from "../../scripts/lint/imports";

const edge = (from: string, to: string, typeOnly = false): Edge => ({ from, to, typeOnly });

describe("importsOf", () => {
  it("sees value, type-only, multi-line, re-export, side-effect and dynamic imports", () => {
    const source = [
      'import { a } from "./a";',
      'import type { B } from "./b";',
      "import {",
      "  type C,",
      "  type D,",
      '} from "./cd";',
      'import E, { type F } from "./ef";',
      'import * as g from "./g";',
      'import "./side-effect";',
      'export { h } from "./h";',
      'export type { I } from "./i";',
      'export * from "./j";',
      'const k = await import("./k");',
      'type L = typeof import("./l");',
    ].join("\n");
    expect(importsOf(source)).toEqual([
      { specifier: "./a", typeOnly: false },
      { specifier: "./b", typeOnly: true },
      { specifier: "./cd", typeOnly: true },
      { specifier: "./ef", typeOnly: false },
      { specifier: "./g", typeOnly: false },
      { specifier: "./side-effect", typeOnly: false },
      { specifier: "./h", typeOnly: false },
      { specifier: "./i", typeOnly: true },
      { specifier: "./j", typeOnly: false },
      { specifier: "./k", typeOnly: false },
      { specifier: "./l", typeOnly: true },
    ]);
  });

  it("skips imports quoted in comments and strings that are not statements", () => {
    const source = ['// import { x } from "./commented";', ' * import { y } from "./jsdoc";', 'const s = "import { z } from \'./string\'";', 'export const from = "./not-an-import";'].join("\n");
    expect(importsOf(source)).toEqual([]);
  });
});

describe("resolveImport", () => {
  const files = new Set(["worker/env.ts", "worker/jobs/index.ts", "worker/ui/Page.tsx", "shared/x.ts", "scripts/assets.mjs"]);
  it("resolves relative specifiers the way the bundler does", () => {
    expect(resolveImport("worker/cases/a.ts", "../env", files)).toBe("worker/env.ts");
    expect(resolveImport("worker/index.ts", "./jobs", files)).toBe("worker/jobs/index.ts");
    expect(resolveImport("worker/index.ts", "./ui/Page", files)).toBe("worker/ui/Page.tsx");
    expect(resolveImport("worker/a/b.ts", "../../shared/x.js", files)).toBe("shared/x.ts");
    expect(resolveImport("scripts/start.ts", "./assets.mjs", files)).toBe("scripts/assets.mjs");
  });
  it("leaves packages and missing files out", () => {
    expect(resolveImport("worker/index.ts", "hono", files)).toBeUndefined();
    expect(resolveImport("worker/index.ts", "./missing", files)).toBeUndefined();
  });
});

describe("importCycles", () => {
  it("finds a type-only cycle between files", () => {
    const graph = importGraph(
      new Map([
        ["worker/jobs/index.ts", 'import { job } from "../evaluation/job";'],
        ["worker/evaluation/job.ts", 'import type { ScheduledJob } from "../jobs";'],
      ]),
    );
    expect(graph).toContainEqual(edge("worker/evaluation/job.ts", "worker/jobs/index.ts", true));
    expect(importCycles(graph)).toEqual([["worker/evaluation/job.ts", "worker/jobs/index.ts"]]);
  });

  it("reports each cycle once, starting at its smallest file, and nothing for a chain", () => {
    const cycles = importCycles([edge("c", "a"), edge("a", "b"), edge("b", "c"), edge("b", "a"), edge("c", "d")]);
    expect(cycles).toEqual([["a", "b"], ["a", "b", "c"]]);
    expect(importCycles([edge("a", "b"), edge("b", "c"), edge("a", "c")])).toEqual([]);
  });

  it("finds folder cycles that no single file closes", () => {
    // content/page.ts → sites/adapter.ts and sites/generic.ts → content/detect.ts: no file cycle, a folder cycle.
    const files = [edge("extension/content/page.ts", "extension/sites/adapter.ts", true), edge("extension/sites/generic.ts", "extension/content/detect.ts")];
    expect(importCycles(files)).toEqual([]);
    expect(importCycles(moduleGraph(files))).toEqual([["extension/content/", "extension/sites/"]]);
  });

  it("counts files directly in a part's root on their own", () => {
    expect(moduleOf("worker/cases/pages.tsx")).toBe("worker/cases/");
    expect(moduleOf("worker/env.ts")).toBe("worker/env.ts");
    // The registry imports a job, the job imports the ground-floor cron module: no cycle.
    expect(importCycles(moduleGraph([edge("worker/jobs/index.ts", "worker/evaluation/job.ts"), edge("worker/evaluation/job.ts", "worker/cron.ts"), edge("worker/jobs/index.ts", "worker/cron.ts", true)]))).toEqual([]);
  });
});
