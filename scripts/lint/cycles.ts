/**
 * npm run lint:cycles — fails when the source of worker/, shared/, extension/ and scripts/ imports in a
 * cycle, type-only imports included (scripts/lint/imports.ts says why). Two levels are checked:
 * - files: no file reaches itself through its imports;
 * - capability folders (moduleOf: worker/cases/, extension/content/ …; files directly in a part's root,
 *   such as worker/env.ts, count on their own): no folder imports a folder that imports it back.
 *
 * KNOWN_BACK_EDGES lists folder imports that close a cycle someone is removing: they are left out of the
 * check, so no other cycle can appear meanwhile. An entry that no longer closes a cycle fails the check
 * too, so the list only shrinks; once it is empty, every cycle fails.
 *
 *   npx tsx scripts/lint/cycles.ts          check (exit 1 on a cycle or a stale entry)
 *   npx tsx scripts/lint/cycles.ts --all    also print the cycles the known back edges close, file by file
 */
import { type Edge, importCycles, importGraph, moduleGraph, moduleOf, stronglyConnected } from "./imports";
import { readSources } from "./sources";

interface KnownBackEdge {
  from: string;
  to: string;
  why: string;
}

export const KNOWN_BACK_EDGES: readonly KnownBackEdge[] = [
];

const key = (e: { from: string; to: string }) => `${e.from} → ${e.to}`;
const fileEdges = importGraph(readSources());
const unitEdges = moduleGraph(fileEdges);
const known = new Set(KNOWN_BACK_EDGES.map(key));
const knownFileEdge = (e: Edge) => known.has(key({ from: moduleOf(e.from), to: moduleOf(e.to) }));

function print(title: string, cycles: string[][], edges: readonly Edge[]): void {
  const typeOnly = new Set(edges.filter((e) => e.typeOnly).map(key));
  console.log(title);
  for (const cycle of cycles) {
    const steps = cycle.map((node, i) => `${node}${typeOnly.has(key({ from: node, to: cycle[(i + 1) % cycle.length] as string })) ? " (type)" : ""}`);
    console.log(`  ${[...steps, cycle[0]].join(" → ")}`);
  }
}

// An entry is still needed while its edge exists and lies on a cycle (both ends in one component).
const component = new Map<string, number>();
stronglyConnected(unitEdges).forEach((members, i) => members.forEach((m) => component.set(m, i)));
const present = new Set(unitEdges.map(key));
const stale = KNOWN_BACK_EDGES.filter((e) => !present.has(key(e)) || component.get(e.from) === undefined || component.get(e.from) !== component.get(e.to));

const fileCycles = importCycles(fileEdges.filter((e) => !knownFileEdge(e)));
const unitCycles = importCycles(unitEdges.filter((e) => !known.has(key(e))));

if (process.argv.includes("--all")) {
  print(`All folder cycles, known back edges included (${importCycles(unitEdges).length}):`, importCycles(unitEdges), unitEdges);
  for (const e of KNOWN_BACK_EDGES) {
    const imports = fileEdges.filter((f) => moduleOf(f.from) === e.from && moduleOf(f.to) === e.to);
    console.log(`  known ${key(e)}: ${imports.map((f) => `${f.from} → ${f.to}${f.typeOnly ? " (type)" : ""}`).join(", ") || "(none)"}`);
  }
}
if (fileCycles.length > 0) print(`File import cycles (${fileCycles.length}); "(type)" marks a type-only import of the next file:`, fileCycles, fileEdges);
if (unitCycles.length > 0) print(`Folder import cycles (${unitCycles.length}); "(type)" marks type-only imports of the next folder:`, unitCycles, unitEdges);
for (const e of stale) console.log(`Known back edge no longer closes a cycle: remove it from KNOWN_BACK_EDGES in scripts/lint/cycles.ts: ${key(e)}`);
const left = KNOWN_BACK_EDGES.length - stale.length;
if (left > 0) console.log(`lint:cycles: ${left} known back edge(s) left out of the check (KNOWN_BACK_EDGES; --all lists them).`);
if (fileCycles.length > 0 || unitCycles.length > 0 || stale.length > 0) process.exit(1);
console.log(`lint:cycles: no other import cycles among ${new Set(fileEdges.flatMap((e) => [e.from, e.to])).size} files.`);
