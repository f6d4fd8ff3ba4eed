/**
 * Every shadow root 查一查 puts into a page is CLOSED: the page's scripts cannot reach into a badge, the
 * toolbar or the banner (`host.shadowRoot` is null), so a hostile page can neither read the decisions nor
 * press our buttons. Tests still need a way in: in a test build (`wxt build --mode test`, and vitest) the
 * roots are kept in a registry that the test bridge (content/test-bridge.ts) and the unit tests read. In a
 * production build `import.meta.env.MODE` is "production", the registry is constant-folded away and no hook
 * exists (tests/e2e/extension.test.ts greps the production bundle to prove it).
 */
const TEST_BUILD = import.meta.env.MODE === "test";
const testRoots: WeakMap<Element, ShadowRoot> | undefined = TEST_BUILD ? new WeakMap() : undefined;

/** Attaches a closed shadow root to one of our hosts. */
export function attachClosedRoot(host: HTMLElement): ShadowRoot {
  const root = host.attachShadow({ mode: "closed" });
  if (TEST_BUILD) testRoots?.set(host, root);
  return root;
}

/** Records a closed root made elsewhere (WXT's createShadowRootUi with mode "closed"). */
export function registerClosedRoot(host: Element, root: ShadowRoot): void {
  if (TEST_BUILD) testRoots?.set(host, root);
}

/** Test builds only: the closed root of one of our hosts (undefined in production). */
export function testRootOf(host: Element): ShadowRoot | undefined {
  return TEST_BUILD ? testRoots?.get(host) : undefined;
}
