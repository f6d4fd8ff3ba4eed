// Copies the API docs UI (swagger-ui-dist) into public/vendor, where the worker serves it as static
// assets: the docs page loads nothing from a CDN. Runs on `npm install` (postinstall) and `npm start`.
// Plain JavaScript so it runs on the machine's Node 20 before the project's Node 22 is on the path.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
let dist;
try {
  dist = dirname(require.resolve("swagger-ui-dist/package.json"));
} catch {
  console.warn("scripts/assets: swagger-ui-dist is not installed; /docs will have no UI (run npm install).");
  process.exit(0);
}
const target = join(root, "public", "vendor", "swagger-ui");
mkdirSync(target, { recursive: true });
for (const file of ["swagger-ui.css", "swagger-ui-bundle.js"]) {
  const from = join(dist, file);
  if (!existsSync(from)) throw new Error(`scripts/assets: ${from} is missing`);
  copyFileSync(from, join(target, file));
}
