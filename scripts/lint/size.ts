/**
 * npm run lint:size — fails when a source file of worker/, shared/, extension/ or scripts/ is over
 * MAX_LINES lines: past that a file holds more than one idea and a change has to find its way through it.
 * Data tables (word lists, templates) may be longer; they are listed in ALLOWED with the reason.
 * An allowed file that is back under the limit fails too, so the list only shrinks.
 */
import { readSources } from "./sources";

export const MAX_LINES = 600;

export const ALLOWED: Readonly<Record<string, string>> = {
  "scripts/seed/data.ts": "data table: the seed generator's word lists and row templates",
};

const lineCount = (text: string) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
const sources = readSources();
const over = [...sources].map(([file, text]) => ({ file, lines: lineCount(text) })).filter((f) => f.lines > MAX_LINES);
const failing = over.filter((f) => !(f.file in ALLOWED));
const stale = Object.keys(ALLOWED).filter((file) => !over.some((f) => f.file === file));

for (const f of failing) console.log(`${f.file}: ${f.lines} lines (at most ${MAX_LINES}; split it, or list a data table in ALLOWED in scripts/lint/size.ts)`);
for (const file of stale) console.log(`${file} is no longer over ${MAX_LINES} lines (or gone): remove it from ALLOWED in scripts/lint/size.ts`);
for (const f of over.filter((f) => f.file in ALLOWED)) console.log(`lint:size: ${f.file} ${f.lines} lines, allowed: ${ALLOWED[f.file]}`);
if (failing.length > 0 || stale.length > 0) process.exit(1);
console.log(`lint:size: ${sources.size} source files, none over ${MAX_LINES} lines except the allowed ones.`);
