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

export type NameMatchType = Extract<SearchCandidate["matchType"], "exact_name" | "name_prefix" | "name_contains">;

/** How a name matches the query; null when it does not contain it at all. */
export function nameMatchType(name: string, query: string): NameMatchType | null {
  if (name === query) return "exact_name";
  if (name.startsWith(query)) return "name_prefix";
  return name.includes(query) ? "name_contains" : null;
}

const MATCH_ORDER: Record<SearchCandidate["matchType"], number> = {
  code: 0,
  exact_name: 1,
  code_prefix: 2,
  name_prefix: 3,
  name_contains: 4,
};

/**
 * Ranking: exact before prefix before contains; then the earlier the match, the better; then shorter
 * names (a closer fit); then the name itself so equal scores have a stable order.
 */
export function compareCandidates(
  a: { name: string; matchType: SearchCandidate["matchType"] },
  b: { name: string; matchType: SearchCandidate["matchType"] },
  query: string,
): number {
  return (
    MATCH_ORDER[a.matchType] - MATCH_ORDER[b.matchType] ||
    a.name.indexOf(query) - b.name.indexOf(query) ||
    a.name.length - b.name.length ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}
