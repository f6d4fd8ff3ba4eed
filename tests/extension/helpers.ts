/** Loads an HTML fixture into the happy-dom document of the test. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function loadFixture(name: string): void {
  loadHtml(readFileSync(join(import.meta.dirname, "fixtures", name), "utf8"));
}

/** Loads one of the worker's demo pages (public/demo), which are fixtures too. */
export function loadDemoPage(name: string): void {
  loadHtml(readFileSync(join(import.meta.dirname, "../../public/demo", name), "utf8"));
}

/** Loads a page written by the test itself. */
export function loadHtml(html: string): void {
  // Stylesheets and scripts stay out: happy-dom would fetch them; the tests drive the page themselves.
  const inner = html.replace(/^<!doctype html>/i, "").replace(/<\/?html[^>]*>/g, "").replace(/<link[^>]*>|<script[^>]*><\/script>/g, "");
  document.documentElement.innerHTML = inner;
  document.title = document.querySelector("title")?.textContent ?? "";
}

/** Waits until `check` returns a value that is not false/undefined (polling), or fails after `ms`. */
export async function until<T>(check: () => T | undefined | null | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > end) throw new Error(`条件在 ${ms} ms 内未满足：${check.toString()}`);
    await settle(10);
  }
}

export const settle = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
