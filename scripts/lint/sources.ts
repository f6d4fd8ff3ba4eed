/**
 * Our own source files for the lint checks: the four parts of the project (worker, shared, extension,
 * scripts), as repository-relative paths with "/".
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const SOURCE_ROOTS = ["worker", "shared", "extension", "scripts"] as const;
const SOURCE_FILE = /\.(ts|tsx|mts|js|mjs|jsx)$/;
/** Generated or vendored folders, never our source. */
const SKIP_DIRS = new Set(["node_modules", ".wxt", ".output", "dist", "public"]);

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(join(dir, entry.name), out);
    } else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith(".d.ts")) {
      out.push(relative(ROOT, join(dir, entry.name)).split("\\").join("/"));
    }
  }
}

/** Path → text of every source file under SOURCE_ROOTS, sorted by path. */
export function readSources(roots: readonly string[] = SOURCE_ROOTS): Map<string, string> {
  const files: string[] = [];
  for (const root of roots) walk(join(ROOT, root), files);
  return new Map(files.sort().map((f) => [f, readFileSync(join(ROOT, f), "utf8")]));
}
