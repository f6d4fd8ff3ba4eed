/**
 * The receipt page over two shards: a list entry hit by a signed check and removed later, on its subject's
 * shard, is marked on /r/{number} as changed after signing (the page finds the entry on whichever shard holds it).
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../../shared/contract";
import { insertListEntry, insertSubject, shardDb, uscc } from "../worker/fixtures";
import { OFFICER, bearer, token } from "../worker/tokens";

const codes: Record<string, string> = {};

beforeAll(async () => {
  for (const binding of ["SHARD_0", "SHARD_1"] as const) {
    let code = uscc("500103");
    while (shardDb(code) !== env[binding]) code = uscc("500103");
    codes[binding] = code;
    const id = await insertSubject({ code, name: `重庆分库凭证测试${binding}有限公司` });
    await insertListEntry(id, { listType: "abnormal_operation", docNo: `渝中市监异〔2026〕${binding}号` });
  }
});

describe("GET /r/{number} over shards", () => {
  it("marks a hit whose entry left the list after signing, on the shard that holds it", async () => {
    const items = Object.values(codes).map((code, i) => ({ ref: String(i), code }));
    const res = await exports.default.fetch("http://x/api/v1/checks", { method: "POST", headers: { ...bearer(await token(OFFICER)), "content-type": "application/json" }, body: JSON.stringify({ scene: "政府采购", purpose: "CQZC-2026-0777", items }) });
    expect(res.status).toBe(200);
    const result = (await res.json()) as CheckResult;
    const path = new URL(result.receipt.url).pathname + new URL(result.receipt.url).search;
    const before = await (await exports.default.fetch(`http://x${path}`)).text();
    expect(before).not.toContain("hit-later");
    // Removed on SHARD_1 after the receipt was signed (the status trigger stamps the history row now).
    await new Promise((r) => setTimeout(r, 5));
    await env.SHARD_1!.prepare("UPDATE list_entries SET status = 'removed', removed_on = date('now'), removal_reason = '期满移出' WHERE doc_no = '渝中市监异〔2026〕SHARD_1号'").run();
    const after = await (await exports.default.fetch(`http://x${path}`)).text();
    expect(after.match(/class="hit-later"/g)).toHaveLength(1);
  });
});
