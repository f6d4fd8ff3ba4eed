/**
 * Walks every public response for the seeded data and fails on any unmasked ID number or any field the
 * public must not see: restricted lists (重点监管对象), repaired or expired entries, penalties past their
 * window, full ID numbers of natural persons.
 *
 * ID numbers are looked for two ways: every natural person's number in the database must appear nowhere
 * (not even full-width), and every code field must not look like a valid ID number. A pattern search over
 * whole responses cannot be used: real certificate numbers (建筑工程施工许可证: region + date + sequence)
 * are 18 digits too and pass the GB 11643 check about one time in eleven.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { SearchResult, SubjectProfile } from "../../shared/contract";
import { containsUnmaskedIdNumber } from "../../shared/identifiers";
import { SEED_FIXTURES } from "../../scripts/seed/generate";
import { TODAY } from "./fixtures";
import { loadSeed } from "./seed";

const SUBJECTS = 400;
let subjects: { code: string; code_type: string; name: string }[] = [];
let personIds: string[] = [];
const fullWidth = (s: string) => [...s].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join("");

beforeAll(async () => {
  await loadSeed(SUBJECTS);
  subjects = (await env.DB.prepare("SELECT code, code_type, name FROM subjects ORDER BY id").all<{ code: string; code_type: string; name: string }>()).results;
  personIds = subjects.filter((s) => s.code_type === "id_number").map((s) => s.code);
});

// Many clients (one address per request) so the public rate limit does not cut the walk short.
let client = 0;
const get = (path: string) => {
  client++;
  return exports.default.fetch(`http://x${path}`, { headers: { "cf-connecting-ip": `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}` } });
};

function assertNothingForbidden(text: string, where: string) {
  for (const id of personIds) {
    expect(text.includes(id) || text.includes(fullWidth(id)), `natural person's ID number in ${where}`).toBe(false);
  }
  for (const code of text.matchAll(/"code":"([^"]*)"/g)) expect(containsUnmaskedIdNumber(code[1]!), `unmasked ID number as a code in ${where}`).toBe(false);
  expect(text, `restricted list in ${where}`).not.toContain("key_supervision");
  expect(text, `repaired information in ${where}`).not.toMatch(/"repaired":true/);
}

describe("public responses for the seeded data", () => {
  it("seeded a realistic population including natural persons", () => {
    expect(subjects.length).toBe(SUBJECTS);
    expect(subjects.some((s) => s.code_type === "id_number")).toBe(true);
  });

  it("every subject's API profile and page show nothing the public must not see", async () => {
    let persons = 0;
    for (const s of subjects) {
      const api = await get(`/api/v1/subjects/${s.code}`);
      expect(api.status, s.code).toBe(200);
      const text = await api.text();
      assertNothingForbidden(text, `API ${s.code_type}`);
      const profile = JSON.parse(text) as SubjectProfile;
      for (const p of profile.penalties) expect(p.publishUntil === null || p.publishUntil >= TODAY, `${s.code} ${p.docNo}`).toBe(true);
      for (const l of profile.lists) expect(l.plannedRemovalOn === null || l.plannedRemovalOn >= TODAY).toBe(true);
      if (s.code_type === "id_number") {
        persons++;
        expect(profile.code).toMatch(/^\d{10}\*{4}\d{3}[\dX]$/);
        // The page for a person is looked up by the full number, but never shows it.
        const html = await (await get(`/s/${s.code}`)).text();
        assertNothingForbidden(html, "person page");
      } else {
        const html = await (await get(`/s/${s.code}`)).text();
        assertNothingForbidden(html, `page ${s.code}`);
      }
    }
    expect(persons).toBeGreaterThan(0);
  });

  it("search results for every subject's name show nothing the public must not see", async () => {
    for (const s of subjects.filter((_, i) => i % 4 === 0)) {
      for (const q of [s.name.slice(0, 2), s.name.slice(2, 6)]) {
        const res = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
        const text = await res.text();
        assertNothingForbidden(text, `search ${q}`);
        const result = JSON.parse(text) as SearchResult;
        expect(result.items.every((i) => i.kind !== "natural_person")).toBe(true);
        assertNothingForbidden(await (await get(`/?q=${encodeURIComponent(q)}`)).text(), `search page ${q}`);
      }
    }
  });

  it("the documented fixtures behave as documented in public", async () => {
    const profile = async (code: string) => (await (await get(`/api/v1/subjects/${code}`)).json()) as SubjectProfile;
    expect((await profile(SEED_FIXTURES.generalPenaltyPastWindow.code)).penalties).toEqual([]);
    expect((await profile(SEED_FIXTURES.seriousPenaltyInWindow.code)).penalties.some((p) => p.severity === "serious")).toBe(true);
    expect((await profile(SEED_FIXTURES.seriousDishonestyInForce.code)).lists.map((l) => l.listType)).toContain("serious_dishonesty");
    expect((await profile(SEED_FIXTURES.redList.code)).summary.redList).toBe(true);
    expect((await profile(SEED_FIXTURES.removedEntry.code)).lists).toEqual([]);
    expect((await profile(SEED_FIXTURES.expiredEntry.code)).lists).toEqual([]);
    expect((await profile(SEED_FIXTURES.repairedPenalty.code)).penalties).toEqual([]);
    expect((await profile(SEED_FIXTURES.legacyPilotCode.code)).checksumLegacy).toBe(true);
    const person = await profile(SEED_FIXTURES.naturalPersonDebtor.code);
    expect(person.code).not.toBe(SEED_FIXTURES.naturalPersonDebtor.code);
    expect(person.lists.map((l) => l.listType)).toEqual(["dishonest_judgment_debtor"]);
  });
});
