import { describe, expect, it } from "vitest";
import { type ChainedEntry, GENESIS_HASH, entryHash, findFirstBreak } from "../../shared/audit/chain";

async function chain(n: number) {
  const entries: (ChainedEntry & { prevHash: string; hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= n; id++) {
    const e: ChainedEntry = {
      id, at: `2026-11-27T02:0${id}:00.000Z`, actor: "officer-1", actorName: "张三", role: "officer", departmentCode: "11500000MB1541618P",
      scene: "procurement", purpose: `CQZC-2026-00${id}`, route: "GET /api/v1/subjects/{code}", receiptNumber: null, answerDigest: "ab".repeat(32),
      subjects: ["91350100M000100Y43"],
    };
    const hash = await entryHash(prev, e);
    entries.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe("query log hash chain", () => {
  it("holds for an untouched chain", async () => {
    expect(await findFirstBreak(await chain(5))).toBeNull();
  });
  it("names the first edited entry", async () => {
    const entries = await chain(5);
    entries[2] = { ...entries[2]!, purpose: "改过的事由" };
    expect(await findFirstBreak(entries)).toMatchObject({ id: 3, problem: "hash_mismatch" });
  });
  it("names a deleted entry's gap", async () => {
    const entries = await chain(5);
    entries.splice(1, 1);
    expect(await findFirstBreak(entries)).toMatchObject({ id: 3, problem: "id_gap" });
  });
  it("names an entry whose hash was recomputed after an edit (the next link breaks)", async () => {
    const entries = await chain(5);
    const edited = { ...entries[1]!, subjects: ["91310115591693856A"] };
    edited.hash = await entryHash(edited.prevHash, edited);
    entries[1] = edited;
    expect(await findFirstBreak(entries)).toMatchObject({ id: 3, problem: "prev_hash_mismatch" });
  });
  it("is independent of subject order", async () => {
    const [e] = await chain(1);
    expect(await entryHash(GENESIS_HASH, { ...e!, subjects: ["B", "A"] })).toBe(await entryHash(GENESIS_HASH, { ...e!, subjects: ["A", "B"] }));
  });
});
