/**
 * The import graph of our own source files and its cycles. Pure (no Node APIs): the file walk lives in
 * scripts/lint/sources.ts, so tests can feed sources in directly.
 *
 * Type-only imports count: `import type` is erased at run time, but it still ties two modules together
 * (one cannot be understood, moved or split without the other), which is what the check is for.
 */

export interface ImportRef {
  specifier: string;
  /** `import type …`, `export type … from`, or `typeof import("…")`. */
  typeOnly: boolean;
}

// Statements are matched where formatted code puts them, at the start of a line: that skips imports
// quoted in JSDoc (" * import …") and commented-out ones ("// import …") without a full lexer.
const STATIC_IMPORT = /^[ \t]*import\s+(type\s+)?([\w$*{},\s]+?)\s+from\s*(["'])([^"'\n]+)\3/gm;
const SIDE_EFFECT_IMPORT = /^[ \t]*import\s*(["'])([^"'\n]+)\1/gm;
const EXPORT_FROM = /^[ \t]*export\s+(type\s+)?(\*(?:\s+as\s+[\w$]+)?|\{[^}]*\})\s*from\s*(["'])([^"'\n]+)\3/gm;
const DYNAMIC_IMPORT = /(typeof\s+)?\bimport\s*\(\s*(["'])([^"'\n]+)\2\s*\)/g;

/**
 * Every module specifier a TypeScript/JavaScript source imports or re-exports, in source order.
 * @example importsOf('import type { A } from "./a";\nimport { b } from "./b";') // [{ specifier: "./a", typeOnly: true }, { specifier: "./b", typeOnly: false }]
 */
export function importsOf(source: string): ImportRef[] {
  const found: { at: number; ref: ImportRef }[] = [];
  for (const m of source.matchAll(STATIC_IMPORT)) {
    const clause = m[2] as string;
    // `import { type A, type B } from` is type-only too when every named binding is.
    const named = clause.trim().match(/^\{([^}]*)\}$/);
    const allTypes = named !== null && (named[1] as string).split(",").map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith("type "));
    found.push({ at: m.index, ref: { specifier: m[4] as string, typeOnly: m[1] !== undefined || allTypes } });
  }
  for (const m of source.matchAll(SIDE_EFFECT_IMPORT)) found.push({ at: m.index, ref: { specifier: m[2] as string, typeOnly: false } });
  for (const m of source.matchAll(EXPORT_FROM)) found.push({ at: m.index, ref: { specifier: m[4] as string, typeOnly: m[1] !== undefined } });
  for (const m of source.matchAll(DYNAMIC_IMPORT)) found.push({ at: m.index, ref: { specifier: m[3] as string, typeOnly: m[1] !== undefined } });
  return found.sort((a, b) => a.at - b.at).map((f) => f.ref);
}

const EXTENSIONS = [".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx"];

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/**
 * The file a relative specifier names among `files` (repository-relative paths with "/"), trying what the
 * bundler tries: the path itself, ".js" written for ".ts", added extensions, then an index file.
 * Package imports (bare specifiers) give undefined.
 * @example resolveImport("worker/jobs/index.ts", "../env", new Set(["worker/env.ts"])) // "worker/env.ts"
 */
export function resolveImport(from: string, specifier: string, files: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/")) : "";
  const base = normalize(`${dir}/${specifier}`);
  const candidates = [base];
  if (/\.(m?j)sx?$/.test(base)) candidates.push(base.replace(/\.(m?)j(sx?)$/, ".$1t$2"));
  for (const ext of EXTENSIONS) candidates.push(base + ext);
  for (const ext of EXTENSIONS) candidates.push(`${base}/index${ext}`);
  return candidates.find((c) => files.has(c));
}

export interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** The graph's edges: one per (importer, imported file); type-only when every import between them is. */
export function importGraph(sources: ReadonlyMap<string, string>): Edge[] {
  const files = new Set(sources.keys());
  const edges = new Map<string, Edge>();
  for (const [from, text] of sources) {
    for (const ref of importsOf(text)) {
      const to = resolveImport(from, ref.specifier, files);
      if (to === undefined || to === from) continue;
      const key = `${from}\0${to}`;
      const seen = edges.get(key);
      if (seen) seen.typeOnly &&= ref.typeOnly;
      else edges.set(key, { from, to, typeOnly: ref.typeOnly });
    }
  }
  return [...edges.values()];
}

/** Strongly connected components with more than one file (Tarjan), each sorted, in a stable order. */
export function stronglyConnected(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, []);
    if (!next.has(e.to)) next.set(e.to, []);
    next.get(e.from)?.push(e.to);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  // Iterative, so a long import chain cannot overflow the call stack.
  for (const root of [...next.keys()].sort()) {
    if (index.has(root)) continue;
    const work: { node: string; child: number }[] = [{ node: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; child: number };
      const children = next.get(frame.node) ?? [];
      if (frame.child < children.length) {
        const w = children[frame.child++] as string;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, child: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        if (component.length > 1) out.push(component.sort());
      }
    }
  }
  return out.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/**
 * Import cycles, readable: for each file of each strongly connected component, the shortest cycle
 * through it (breadth-first), each cycle listed once and starting at its smallest file.
 * @example importCycles([{ from: "a.ts", to: "b.ts", typeOnly: false }, { from: "b.ts", to: "a.ts", typeOnly: true }]) // [["a.ts", "b.ts"]]
 */
export function importCycles(edges: readonly Edge[]): string[][] {
  const cycles = new Map<string, string[]>();
  for (const component of stronglyConnected(edges)) {
    const members = new Set(component);
    const next = new Map<string, string[]>();
    for (const e of edges) if (members.has(e.from) && members.has(e.to)) next.set(e.from, [...(next.get(e.from) ?? []), e.to].sort());
    for (const start of component) {
      const parent = new Map<string, string>();
      const queue = [start];
      let closing: string | undefined;
      for (let i = 0; i < queue.length && closing === undefined; i++) {
        const node = queue[i] as string;
        for (const w of next.get(node) ?? []) {
          if (w === start) {
            closing = node;
            break;
          }
          if (!parent.has(w)) {
            parent.set(w, node);
            queue.push(w);
          }
        }
      }
      if (closing === undefined) continue;
      const path = [closing];
      while (path[0] !== start) path.unshift(parent.get(path[0] as string) as string);
      const first = path.indexOf([...path].sort()[0] as string);
      const rotated = [...path.slice(first), ...path.slice(0, first)];
      cycles.set(rotated.join(" → "), rotated);
    }
  }
  return [...cycles.values()].sort((a, b) => a.join(" ").localeCompare(b.join(" ")));
}

/**
 * The unit a file belongs to for the folder-level check: its capability folder (the first two path parts,
 * e.g. worker/cases, extension/content, scripts/seed) — or the file itself when it sits directly in a
 * part's root (worker/env.ts, extension/messages.ts), since those are the shared ground floor.
 * @example moduleOf("worker/cases/pages.tsx") // "worker/cases/"
 */
export function moduleOf(file: string): string {
  const parts = file.split("/");
  return parts.length >= 3 ? `${parts[0]}/${parts[1]}/` : file;
}

/** The graph between units (moduleOf): an edge wherever a file of one imports a file of another. */
export function moduleGraph(edges: readonly Edge[], unitOf: (file: string) => string = moduleOf): Edge[] {
  const out = new Map<string, Edge>();
  for (const e of edges) {
    const from = unitOf(e.from);
    const to = unitOf(e.to);
    if (from === to) continue;
    const key = `${from}\0${to}`;
    const seen = out.get(key);
    if (seen) seen.typeOnly &&= e.typeOnly;
    else out.set(key, { from, to, typeOnly: e.typeOnly });
  }
  return [...out.values()];
}
