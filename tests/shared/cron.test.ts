/**
 * worker/cron.ts is the one home of the cron expressions (ScheduledJob.cron is typed by it);
 * the deployment fires what wrangler.toml [triggers] lists. The two must name the same crons, or a job
 * would never run (or a trigger would fire with nothing to do).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CRONS } from "../../worker/cron";

function wranglerCrons(toml: string): string[] {
  const triggers = toml.split(/^\[/m).find((section) => section.startsWith("triggers]"));
  const line = triggers?.match(/^crons\s*=\s*\[(.*)\]\s*$/m);
  if (!line?.[1]) throw new Error("wrangler.toml has no [triggers] crons = [...] line");
  return [...line[1].matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
}

describe("cron schedule", () => {
  it("lists exactly the crons of wrangler.toml [triggers]", () => {
    const toml = readFileSync(resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");
    expect([...CRONS].sort()).toEqual(wranglerCrons(toml).sort());
  });

  it("reads the crons line of wrangler.toml's [triggers] section only", () => {
    expect(wranglerCrons('[vars]\ncrons = ["x"]\n\n[triggers]\ncrons = ["*/5 * * * *", "0 0 * * *"]\n')).toEqual(["*/5 * * * *", "0 0 * * *"]);
  });
});
