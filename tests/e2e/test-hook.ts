/**
 * The page-world side of the test bridge (extension/content/test-bridge.ts, test builds only): our shadow
 * roots are closed, so the e2e suites and the benchmark ask the content script, through DOM events, what
 * its badges, toolbar and banner say, and to press their buttons. `evaluate` is the driver's: Playwright's
 * page.evaluate in Chromium, WebDriver BiDi's script.callFunction in Firefox.
 */
import type { Page } from "playwright-core";

export type HookRequest = { op: string; host?: string; selector?: string; text?: string; near?: string; index?: number; properties?: string[]; state?: string; count?: number; timeout?: number };

/** The function run in the page: sends one request and waits for its answer (JSON in, JSON out). */
export const HOOK_IN_PAGE = `(request) => new Promise((resolve, reject) => {
  const id = Math.random().toString(36).slice(2);
  const timer = setTimeout(() => { document.removeEventListener("chayicha-test:response", onResponse); reject(new Error("查一查测试桥没有应答（不是测试构建，或内容脚本尚未运行）")); }, (request.timeout ?? 0) + 5000);
  function onResponse(event) {
    const message = JSON.parse(event.detail);
    if (message.id !== id) return;
    clearTimeout(timer);
    document.removeEventListener("chayicha-test:response", onResponse);
    if (message.error) reject(new Error(message.error)); else resolve(JSON.stringify(message.result));
  }
  document.addEventListener("chayicha-test:response", onResponse);
  document.dispatchEvent(new CustomEvent("chayicha-test:request", { detail: JSON.stringify({ id, ...request }) }));
})`;

export interface BadgeInfo {
  text: string;
  state: string | null;
  decision: string | null;
  label: string;
  context: string;
}

/**
 * A bridge bound to one page; `evaluate(expression)` evaluates a JavaScript expression in the page (by the
 * driver, so the page's CSP does not apply) and awaits its string result.
 */
export function hookFor(evaluate: (expression: string) => Promise<string>) {
  const call = async <T>(request: HookRequest): Promise<T> => JSON.parse(await evaluate(`(${HOOK_IN_PAGE})(${JSON.stringify(request)})`)) as T;
  return {
    call,
    badges: () => call<BadgeInfo[]>({ op: "badges" }),
    badgeTexts: async () => (await call<BadgeInfo[]>({ op: "badges" })).map((b) => b.text.replace(/\s+/g, "")),
    /** The badges whose row or record contains `near` (a code, or a name). */
    near: async (near: string) => (await call<BadgeInfo[]>({ op: "badges" })).filter((b) => b.context.includes(near)),
    states: () => call<Record<string, number>>({ op: "states" }),
    /** Waits inside the page until `count` subjects show `state`; the time (Date.now()) they first did. */
    until: (state: string, count: number, timeout: number) => call<{ at: number; counts: Record<string, number> }>({ op: "until", state, count, timeout }),
    text: async (host: string, selector: string) => (await call<string[]>({ op: "query", host, selector })).join("\n"),
    count: async (host: string, selector: string) => (await call<string[]>({ op: "query", host, selector })).length,
    click: (host: string, selector: string, text?: string, near?: string) => call<boolean>({ op: "click", host, selector, ...(text ? { text } : {}), ...(near ? { near } : {}) }),
    focus: (host: string, selector: string, near?: string) => call<boolean>({ op: "focus", host, selector, ...(near ? { near } : {}) }),
    style: (host: string, selector: string, near: string, properties: string[]) => call<Record<string, string>>({ op: "style", host, selector, near, properties }),
    /** The element's box in the viewport (CSS pixels), to press it with a real pointer. */
    rect: (host: string, selector: string, text?: string) => call<{ x: number; y: number; width: number; height: number }>({ op: "rect", host, selector, ...(text ? { text } : {}) }),
    roots: () => call<{ tag: string; open: boolean; registered: boolean }[]>({ op: "roots" }),
    storage: () => call<{ local: Record<string, unknown>; session: { readable: boolean; items?: Record<string, unknown>; error?: string } }>({ op: "storage" }),
  };
}
export type Hook = ReturnType<typeof hookFor>;

/** The bridge on a Playwright page (Chromium). */
export function playwrightHook(page: Page): Hook {
  return hookFor((expression) => page.evaluate<string>(expression));
}
