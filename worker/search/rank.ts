import type { SearchCandidate } from "../../shared/contract";

/**
 * Splits `name` into segments, marking every occurrence of `query` (the matched part shown in bold).
 * @example markMatches("重庆渝信建设有限公司", "渝信") // [{text:"重庆",match:false},{text:"渝信",match:true},{text:"建设有限公司",match:false}]
 */
export function markMatches(name: string, query: string): { text: string; match: boolean }[] {
  if (!query) return [{ text: name, match: false }];
  const segments: { text: string; match: boolean }[] = [];
  const haystack = name.toUpperCase();
  const needle = query.toUpperCase();
  let from = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
    if (at > from) segments.push({ text: name.slice(from, at), match: false });
    segments.push({ text: name.slice(at, at + needle.length), match: true });
    from = at + needle.length;
  }
  if (from < name.length) segments.push({ text: name.slice(from), match: false });
  return segments;
}

/** The match type of a name candidate's rank (worker/search/sql.ts ranks 1 exact, 3 prefix, 4 contains). */
export const MATCH_TYPE_OF_RANK = { 1: "exact_name", 3: "name_prefix", 4: "name_contains" } as const satisfies Record<number, SearchCandidate["matchType"]>;

/**
 * The order the databases rank name candidates in (worker/search/sql.ts), for merging their pages: exact before
 * prefix before contains; then the earlier the match; then shorter names (a closer fit); then the name in code
 * point order (SQLite's BINARY order of UTF-8), so equal scores have a stable order.
 */
export function compareRanked(a: { rank: number; pos: number; len: number; name: string }, b: { rank: number; pos: number; len: number; name: string }): number {
  return a.rank - b.rank || a.pos - b.pos || a.len - b.len || byCodePoint(a.name, b.name);
}

function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
