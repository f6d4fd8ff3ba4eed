/**
 * TEST BUILDS ONLY (`wxt build --mode test`): lets the end-to-end suites, which run in the page's world,
 * read and press what 查一查 drew inside its closed shadow roots, and look at storage from this content
 * script's context. Imported behind `import.meta.env.MODE === "test"` in entrypoints/content.ts, so a
 * production bundle holds none of it (tests/e2e/extension.test.ts greps the bundle for BRIDGE_REQUEST).
 *
 * Protocol: the page dispatches `chayicha-test:request` on document with a JSON string
 * `{ id, op, ...args }`; the answer comes back as `chayicha-test:response` with `{ id, result | error }`.
 * Strings only, so the same code works across Chrome's isolated world and Firefox's Xray wrappers.
 */
import { browser } from "wxt/browser";
import { OWN_SELECTOR } from "../core/own-elements";
import { testRootOf } from "../ui/roots";

export const BRIDGE_REQUEST = "chayicha-test:request";
export const BRIDGE_RESPONSE = "chayicha-test:response";

interface Request {
  id: string;
  op: "query" | "click" | "focus" | "style" | "rect" | "badges" | "states" | "until" | "storage" | "roots";
  /** Host tag: chayicha-badge, chayicha-toolbar, chayicha-banner. */
  host?: string;
  selector?: string;
  /** Only elements whose text contains this. */
  text?: string;
  /** Only badges whose surrounding row/record text contains this (for badges). */
  near?: string;
  index?: number;
  properties?: string[];
  /** For until: wait until at least `count` subjects show `state`, for at most `timeout` ms. */
  state?: string;
  count?: number;
  timeout?: number;
}

/**
 * Resolves with the time (Date.now(), this machine's clock) at which `count` subjects first showed `state`,
 * looked at every 10 ms inside the page: a benchmark waits for it without polling across the driver.
 */
function until(state: string, count: number, timeout: number): Promise<{ at: number; counts: Record<string, number> }> {
  const end = Date.now() + timeout;
  return new Promise((resolve, reject) => {
    const look = () => {
      const counts = exposed?.stateCounts() ?? {};
      if ((counts[state] ?? 0) >= count) resolve({ at: Date.now(), counts });
      else if (Date.now() > end) reject(new Error(`等待 ${count} 个「${state}」超时：${JSON.stringify(counts)}`));
      else setTimeout(look, 10);
    };
    look();
  });
}

/** The text around a badge, to tell which row or record it belongs to. */
function contextOf(host: Element): string {
  const parent = host.parentElement;
  return (parent?.closest("tr") ?? parent?.closest("dd, li, p, label, td, div") ?? parent)?.textContent ?? "";
}

function matches(document: Document, request: Request): Element[] {
  const out: Element[] = [];
  for (const host of Array.from(document.querySelectorAll(request.host ?? OWN_SELECTOR))) {
    const root = testRootOf(host);
    if (!root) continue;
    if (request.near && !contextOf(host).includes(request.near)) continue;
    for (const el of Array.from(root.querySelectorAll(request.selector ?? "*"))) {
      if (request.text && !(el.textContent ?? "").includes(request.text)) continue;
      out.push(el);
    }
  }
  return out;
}

const text = (el: Element) => ((el as HTMLElement).innerText ?? el.textContent ?? "").trim();

async function run(document: Document, request: Request): Promise<unknown> {
  switch (request.op) {
    case "roots":
      // Our hosts, and whether the page can see into them (it must not).
      return Array.from(document.querySelectorAll(OWN_SELECTOR)).map((host) => ({ tag: host.tagName.toLowerCase(), open: host.shadowRoot !== null, registered: !!testRootOf(host) }));
    case "query":
      return matches(document, request).map(text);
    case "badges":
      return Array.from(document.querySelectorAll("chayicha-badge")).map((host) => {
        const button = testRootOf(host)?.querySelector("button");
        return { text: button ? text(button) : "", state: button?.dataset.state ?? null, decision: button?.dataset.decision ?? null, label: button?.getAttribute("aria-label") ?? "", context: contextOf(host) };
      });
    case "states":
      // Subjects per state (pending, checking, done, error), from the page controller: cheap enough to
      // poll on a 5,000-row page without skewing the benchmark's main-thread time.
      return exposed?.stateCounts() ?? {};
    case "until":
      return until(request.state ?? "done", request.count ?? 1, request.timeout ?? 4000);
    case "click":
    case "focus": {
      const el = matches(document, request)[request.index ?? 0] as HTMLElement | undefined;
      if (!el) throw new Error(`没有匹配的元素：${JSON.stringify(request)}`);
      if (request.op === "click") el.click();
      else el.focus();
      return true;
    }
    case "style": {
      const el = matches(document, request)[request.index ?? 0];
      if (!el) throw new Error(`没有匹配的元素：${JSON.stringify(request)}`);
      const style = getComputedStyle(el);
      return Object.fromEntries((request.properties ?? []).map((p) => [p, style.getPropertyValue(p)]));
    }
    case "rect": {
      // Where an element is on screen, for a real pointer click at it (page.mouse) rather than el.click().
      const el = matches(document, request)[request.index ?? 0];
      if (!el) throw new Error(`没有匹配的元素：${JSON.stringify(request)}`);
      const { x, y, width, height } = el.getBoundingClientRect();
      return { x, y, width, height };
    }
    case "storage": {
      // What a content script can read: storage.local, and storage.session unless it is closed to us.
      const local = await browser.storage.local.get(null);
      // Chrome refuses the call; Firefox does not even give content scripts the area.
      const area = (browser.storage as { session?: typeof browser.storage.session }).session;
      const session = area
        ? await area.get(null).then(
            (items) => ({ readable: true, items }),
            (err: unknown) => ({ readable: false, error: String(err) }),
          )
        : { readable: false, error: "storage.session is not there for content scripts" };
      return { local, session };
    }
  }
}

let exposed: { stateCounts(): Record<string, number> } | undefined;

/** Answers the page's test requests until `signal` aborts; `page` is the controller, once there is one. */
export function installTestBridge(document: Document, signal: AbortSignal): { expose(page: { stateCounts(): Record<string, number> }): void } {
  document.addEventListener(
    BRIDGE_REQUEST,
    (event) => {
      const detail = (event as CustomEvent<unknown>).detail;
      let request: Request;
      try {
        request = JSON.parse(String(detail)) as Request;
      } catch {
        return;
      }
      const reply = (body: object) => document.dispatchEvent(new CustomEvent(BRIDGE_RESPONSE, { detail: JSON.stringify({ id: request.id, ...body }) }));
      run(document, request).then(
        (result) => reply({ result }),
        (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
      );
    },
    { signal },
  );
  return {
    expose: (page) => {
      exposed = page;
    },
  };
}
