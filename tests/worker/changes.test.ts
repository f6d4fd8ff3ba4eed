/**
 * GET /api/v1/changes: a monitor reads subjects whose list entries or records changed since its cursor,
 * distinct and in the order of their last change, and re-checks only those.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChangeFeed } from "../../shared/contract";
import { addDays } from "../../shared/domain/dates";
import { endExpiredListEntries } from "../../worker/publication/job";
import { TODAY, insertLicence, insertListEntry, insertPenalty, insertSubject, uscc } from "./fixtures";
import { ADMIN, OFFICER, PROVIDER, bearer, token } from "./tokens";

const A = uscc("500103");
const B = uscc("500112");
const PERSON_ID = "11010519491231002X";
let ids: { a: number; b: number; person: number };

async function feed(query: string, claims: Record<string, unknown> | null = OFFICER) {
  const res = await exports.default.fetch(`http://x/api/v1/changes${query}`, { headers: claims ? bearer(await token(claims)) : {} });
  return { status: res.status, body: (await res.json()) as ChangeFeed & { error: { code: string } } };
}

beforeAll(async () => {
  ids = {
    a: await insertSubject({ code: A, name: "重庆渝信商贸有限公司" }),
    b: await insertSubject({ code: B, name: "重庆渝北清风建筑工程有限公司", region: "500112" }),
    person: await insertSubject({ code: PERSON_ID, name: "李某某", kind: "natural_person", codeType: "id_number", region: "110105" }),
  };
  await insertListEntry(ids.a, { listType: "abnormal_operation", docNo: "渝中市监异〔2026〕1号" });
  await insertLicence(ids.b, "渝北住建许〔2024〕18号");
  await insertPenalty(ids.a, { docNo: "渝中市监处罚〔2026〕11号", monthsAgo: 2 });
  await insertListEntry(ids.person, { listType: "dishonest_judgment_debtor", docNo: "（2025）渝0103执1234号" });
});

describe("GET /api/v1/changes", () => {
  it("lists each changed subject once, in the order of its last change, with what changed", async () => {
    const { status, body } = await feed("?since=0");
    expect(status).toBe(200);
    expect(body.items.map((i) => i.code)).toEqual([B, A, "1101051949****002X"]);
    expect(body.items.find((i) => i.code === A)?.kinds).toEqual(["list_entry", "record"]);
    expect(body.items.find((i) => i.code === B)?.kinds).toEqual(["record"]);
    expect(body).toMatchObject({ since: 0, hasMore: false });
    expect(body.next).toBe(body.items.at(-1)!.seq);
    expect(JSON.stringify(body)).not.toContain(PERSON_ID);
  });

  it("from a cursor returns only what changed after it, and nothing when nothing did", async () => {
    const { body: first } = await feed("?since=0");
    expect((await feed(`?since=${first.next}`)).body).toMatchObject({ items: [], next: first.next, hasMore: false });
    // A removal (信用修复 or expiry) is a change too: the monitor must re-check.
    await env.DB.prepare("UPDATE list_entries SET status = 'removed', removed_on = '2026-11-27', removal_reason = '期满移出' WHERE subject_id = ?1").bind(ids.a).run();
    const { body } = await feed(`?since=${first.next}`, ADMIN);
    expect(body.items.map((i) => [i.code, i.kinds])).toEqual([[A, ["list_entry"]]]);
    expect(body.next as number).toBeGreaterThan(first.next as number);
  });

  it("pages by change rows: hasMore says to read on, and no change is skipped", async () => {
    const seen: string[] = [];
    let since: number | string = 0;
    for (let page = 0; page < 20; page++) {
      const { body } = await feed(`?since=${since}&limit=1`);
      seen.push(...body.items.map((i) => i.code));
      expect(body.items.length).toBeLessThanOrEqual(1);
      since = body.next;
      if (!body.hasMore) break;
    }
    expect(new Set(seen)).toEqual(new Set([A, B, "1101051949****002X"]));
  });

  it("a list entry leaving public view at its planned removal date produces one change-feed entry (daily job)", async () => {
    const C = uscc("500105");
    const c = await insertSubject({ code: C, name: "重庆江北到期移出测试有限公司", region: "500105" });
    await insertListEntry(c, { listType: "abnormal_operation", docNo: "江北市监异〔2025〕9号", plannedRemovalOn: addDays(TODAY, -1) });
    await insertListEntry(c, { listType: "abnormal_operation", docNo: "江北市监异〔2025〕10号", plannedRemovalOn: TODAY });
    const { body: before } = await feed("?since=0&limit=1000");
    expect(await endExpiredListEntries(env.DB, TODAY)).toBe(1);
    const { body } = await feed(`?since=${before.next}`, ADMIN);
    expect(body.items.map((i) => [i.code, i.kinds])).toEqual([[C, ["list_entry"]]]);
    const history = await env.DB.prepare(
      "SELECT h.to_status, h.actor FROM status_history h JOIN list_entries l ON l.id = h.entity_id AND h.entity = 'list_entry' WHERE l.doc_no = '江北市监异〔2025〕9号' ORDER BY h.id",
    ).all();
    expect(history.results.at(-1)).toEqual({ to_status: "publication_ended", actor: "job:publication-expiry" });
    // The job runs again the same day, or late: nothing new.
    expect(await endExpiredListEntries(env.DB, TODAY)).toBe(0);
    expect((await feed(`?since=${body.next}`)).body.items).toEqual([]);
    // The entry that ends today is still in view today; tomorrow's run announces it.
    expect(await endExpiredListEntries(env.DB, addDays(TODAY, 1))).toBe(1);
    // Extended after the mark, the entry is announced again when its new date passes.
    await env.DB.prepare("UPDATE list_entries SET planned_removal_on = ?1 WHERE doc_no = '江北市监异〔2025〕9号'").bind(addDays(TODAY, 10)).run();
    expect(await endExpiredListEntries(env.DB, addDays(TODAY, 5))).toBe(0);
    expect(await endExpiredListEntries(env.DB, addDays(TODAY, 11))).toBe(1);
  });

  it("refuses bad cursors with 400, the public with 401 and data providers with 403", async () => {
    for (const query of ["?since=-1", "?since=abc", "?since=1.5", "?limit=0", "?limit=1001"]) expect((await feed(query)).status, query).toBe(400);
    expect((await feed("?since=0", null)).status).toBe(401);
    expect((await feed("?since=0", PROVIDER)).status).toBe(403);
  });
});
