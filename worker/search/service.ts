import { SEARCH_CANDIDATE_LIMIT, SEARCH_PAGE_SIZE, type SearchCandidate, type SearchResult } from "../../shared/contract";
import { cleanQueryText, maskIdNumber, normalizeCode, regionName, validateUscc } from "../../shared/identifiers";
import { MATCH_TYPE_OF_RANK, markMatches } from "./rank";
import { type CandidateRow, findByCodePrefix, findByName } from "./queries";
import { maskPersonalNumbers } from "../visibility";
import type { ShardRouter } from "../shards";

/** A query made of code characters only (at least 2) is a code search; anything else is a name search. */
const CODE_QUERY = /^[0-9A-Z]{2,18}$/;

/**
 * Name or code search: ranked candidates, never presented as the subject itself (only a full,
 * valid code that exists is a `code` match).
 */
export async function searchSubjects(shards: ShardRouter, rawQuery: string, page: number): Promise<SearchResult> {
  const nameQuery = cleanQueryText(rawQuery);
  const codeQuery = normalizeCode(nameQuery);
  // The databases return only the first rows up to this page, already in rank order (worker/search/queries.ts).
  const want = page * SEARCH_PAGE_SIZE;
  let candidates: SearchCandidate[] = [];
  let matched = 0;
  let capped = false;
  if (nameQuery === "") {
    // nothing to search for
  } else if (CODE_QUERY.test(codeQuery) && !/[^\x00-\x7f\uff01-\uff5e]/.test(nameQuery)) {
    const exact = codeQuery.length === 18 && validateUscc(codeQuery).valid;
    const found = await findByCodePrefix(shards, codeQuery, want);
    ({ matched, capped } = found);
    candidates = found.rows.map((row) => toCandidate(row, row.code === codeQuery && exact ? "code" : "code_prefix", codeQuery, "code"));
  } else {
    const found = await findByName(shards, nameQuery, want);
    ({ matched, capped } = found);
    candidates = found.rows.map((row) => toCandidate(row, MATCH_TYPE_OF_RANK[row.rank], nameQuery, "name"));
  }
  const start = (page - 1) * SEARCH_PAGE_SIZE;
  return {
    query: rawQuery,
    page,
    pageSize: SEARCH_PAGE_SIZE,
    total: Math.min(matched, SEARCH_CANDIDATE_LIMIT),
    // More matches than were read: a shard filled its share of the limit, or there are more than the limit.
    truncated: capped || matched >= SEARCH_CANDIDATE_LIMIT,
    items: candidates.slice(start, start + SEARCH_PAGE_SIZE),
  };
}

function toCandidate(
  stored: CandidateRow,
  matchType: SearchCandidate["matchType"],
  query: string,
  on: "code" | "name",
): SearchCandidate {
  // Names are masked before matching, so a highlighted segment never splits an ID number the guard must see whole.
  const row = { ...stored, name: maskPersonalNumbers(stored.name) };
  const person = row.code_type === "id_number";
  return {
    code: person ? maskIdNumber(row.code) : row.code,
    linkable: !person,
    name: row.name,
    nameMarked: on === "name" ? markMatches(row.name, query) : [{ text: row.name, match: false }],
    kind: row.kind as SearchCandidate["kind"],
    region: row.region_code ? (regionName(row.region_code) ?? null) : null,
    registrationStatus: row.registration_status,
    matchType,
  };
}
