/**
 * Big pages (#13 item 7): 「全部查一查」 on a table of 1,000 bidders sends its ten batches with a bounded
 * number in flight, badges change as the answers arrive (drawn together at most every DRAW_INTERVAL_MS,
 * the last one at once), and the toolbar counts 已核查 n / total.
 */
import { describe, expect, it } from "vitest";
import { MAX_REQUESTS_IN_FLIGHT } from "../../extension/background/checker";
import { until } from "./helpers";
import { bidderTable } from "./bidder-table";
import { badges, button, harness, openPage, toolbar, usePageHarness } from "./page-harness";

usePageHarness();

const states = () => {
  const counts: Record<string, number> = {};
  for (const b of badges()) counts[b.dataset.state!] = (counts[b.dataset.state!] ?? 0) + 1;
  return counts;
};
const progressText = () => toolbar().querySelector(".progress")?.textContent ?? "";

describe("「全部查一查」 on 1,000 bidders", () => {
  it("keeps at most MAX_REQUESTS_IN_FLIGHT requests in flight and shows each answer as it arrives", async () => {
    const { worker } = harness;
    // A slow worker: every answer waits until the test lets it go.
    const waiting: (() => void)[] = [];
    worker.delay = () => new Promise<void>((resolve) => waiting.push(resolve));
    await openPage({ html: bidderTable(1000) }, "/demo/bidders");
    expect(badges()).toHaveLength(1000);
    button(toolbar(), "全部查一查").click();

    await until(() => waiting.length === MAX_REQUESTS_IN_FLIGHT);
    expect(MAX_REQUESTS_IN_FLIGHT).toBe(4);
    expect(worker.checkRequests).toHaveLength(4);
    expect(progressText()).toBe("已核查 0 / 1,000");
    expect(states()).toEqual({ checking: 1000 });

    // One answer back: its 100 badges change now, while the others are still being checked.
    waiting.shift()!();
    await until(() => states().unresolved === 100);
    expect(states()).toEqual({ unresolved: 100, checking: 900 });
    await until(() => progressText() === "已核查 100 / 1,000");
    // Its slot went to the next batch.
    await until(() => worker.checkRequests.length === 5);

    worker.delay = undefined;
    for (const release of waiting.splice(0)) release();
    await until(() => states().unresolved === 1000, 10_000);
    expect(worker.checkRequests.map((r) => r.items.length)).toEqual(Array(10).fill(100));
    expect(worker.maxInFlight).toBe(MAX_REQUESTS_IN_FLIGHT);
    await until(() => progressText() === "已核查 1,000 / 1,000");
    expect(toolbar().querySelector(".summary")!.textContent).toContain("发现 1000");
  });

  it("draws answers that arrive together in one pass, and the last answer of a check at once", async () => {
    const { worker } = harness;
    const waiting: (() => void)[] = [];
    worker.delay = () => new Promise<void>((resolve) => waiting.push(resolve));
    // An interval no test waits out: whatever is drawn was drawn by the last answer.
    const page = await openPage({ html: bidderTable(300) }, "/demo/bidders", { drawIntervalMs: 3_600_000 });
    button(toolbar(), "全部查一查").click();
    await until(() => waiting.length === 3);

    // Two answers back while the third is still out: nothing is redrawn yet.
    waiting.shift()!();
    waiting.shift()!();
    await until(() => page.requests === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(states()).toEqual({ checking: 300 });
    expect(page.stateCounts()).toEqual({ checking: 300 });
    expect(progressText()).toBe("已核查 0 / 300");

    // The last answer: all three drawn now, without waiting for the interval.
    waiting.shift()!();
    await until(() => states().unresolved === 300);
    expect(page.stateCounts()).toEqual({ done: 300 });
    await until(() => progressText() === "已核查 300 / 300");
  });
});
