import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { SearchResult } from "../../shared/contract";
import { insertSubject, uscc } from "./fixtures";

const XINDA = uscc("500103");
const names = [
  "重庆渝信建设有限公司",
  "重庆市渝中区渝信商贸有限公司",
  "渝信科技股份有限公司",
  "重庆鸿达物流有限公司",
  "成都蓉信建设有限公司",
  "渝北区老李火锅店",
];

async function search(query: string, page?: number) {
  const qs = new URLSearchParams({ q: query, ...(page ? { page: String(page) } : {}) });
  const res = await exports.default.fetch(`http://x/api/v1/search?${qs}`);
  return { status: res.status, body: (await res.json()) as SearchResult & { error: { code: string; details: { field: string }[] } } };
}

beforeAll(async () => {
  await insertSubject({ code: XINDA, name: names[0]! });
  for (const name of names.slice(1)) await insertSubject({ code: uscc("500112"), name });
  await insertSubject({ code: "11010519491231002X", name: "渝信个人", kind: "natural_person", codeType: "id_number" });
  // Many companies sharing a common prefix, to check paging and the candidate cap.
  for (let i = 0; i < 45; i++) await insertSubject({ code: uscc("500108"), name: `重庆南岸第${i + 1}建材有限公司` });
});

describe("GET /api/v1/search", () => {
  it("finds a 4-character substring through the trigram index and marks the match", async () => {
    const { status, body } = await search("渝信建设");
    expect(status).toBe(200);
    expect(body.items.map((i) => i.name)).toEqual(["重庆渝信建设有限公司"]);
    expect(body.items[0]!.nameMarked).toEqual([
      { text: "重庆", match: false },
      { text: "渝信建设", match: true },
      { text: "有限公司", match: false },
    ]);
    expect(body.items[0]!.matchType).toBe("name_contains");
  });

  it("finds 2-character queries (below the trigram minimum), prefix matches first", async () => {
    const { body } = await search("渝信");
    expect(body.items.map((i) => i.name)).toEqual(["渝信科技股份有限公司", "重庆渝信建设有限公司", "重庆市渝中区渝信商贸有限公司"]);
    expect(body.items.map((i) => i.matchType)).toEqual(["name_prefix", "name_contains", "name_contains"]);
  });

  it("finds 1-character queries", async () => {
    const { body } = await search("蓉");
    expect(body.items.map((i) => i.name)).toEqual(["成都蓉信建设有限公司"]);
  });

  it("pages through many candidates", async () => {
    const first = await search("建材");
    expect(first.body.total).toBe(45);
    expect(first.body.items).toHaveLength(20);
    const third = await search("建材", 3);
    expect(third.body.items).toHaveLength(5);
    const all = [...first.body.items, ...(await search("建材", 2)).body.items, ...third.body.items].map((i) => i.name);
    expect(new Set(all).size).toBe(45);
  });

  it("searches code prefixes, and a full code is the only exact match", async () => {
    const prefix = await search(XINDA.slice(0, 10).toLowerCase());
    expect(prefix.body.items.map((i) => i.code)).toContain(XINDA);
    expect(prefix.body.items.every((i) => i.matchType === "code_prefix")).toBe(true);
    const exact = await search(XINDA);
    expect(exact.body.items).toEqual([expect.objectContaining({ code: XINDA, matchType: "code", linkable: true })]);
  });

  it("never returns natural persons, by name or by ID prefix", async () => {
    expect((await search("渝信个人")).body.items).toEqual([]);
    expect((await search("110105")).body.items).toEqual([]);
  });

  it("treats FTS operators and quotes in the query as plain text", async () => {
    for (const q of ['渝信" OR "1', "NEAR(渝信 建设)", "渝*", "') DROP TABLE subjects; --"]) {
      const { status } = await search(q);
      expect(status, q).toBe(200);
    }
    expect((await search("渝信建设")).body.items).toHaveLength(1);
  });

  it("rejects an empty or over-long query in the envelope, naming the field", async () => {
    for (const q of ["", "   ", "渝".repeat(51)]) {
      const { status, body } = await search(q);
      expect(status).toBe(400);
      expect(body.error.code).toBe("invalid_request");
      expect(body.error.details[0]!.field).toBe("query.q");
    }
  });

  it("rejects a page number out of range", async () => {
    const res = await exports.default.fetch("http://x/api/v1/search?q=渝&page=0");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request", details: [{ field: "query.page" }] } });
  });
});

describe("search page", () => {
  it("lists candidates with links for organisations, and escapes the query", async () => {
    const res = await exports.default.fetch(`http://x/?q=${encodeURIComponent("渝信<script>")}`);
    const html = await res.text();
    expect(html).not.toContain("<script>");
    expect(html).toContain("渝信&lt;script&gt;");
    const ok = await (await exports.default.fetch(`http://x/?q=${encodeURIComponent("渝信")}`)).text();
    expect(ok).toContain(`href="/s/${XINDA}"`);
    expect(ok).toContain("<mark>渝信</mark>");
  });
});
