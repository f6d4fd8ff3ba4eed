import { mkdirSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Where screenshots of each page are kept as test artifacts. */
export const ARTIFACTS = "test-results/e2e";

/** Debian's Chromium, headless, with the flags this closed network needs (no background traffic). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}
