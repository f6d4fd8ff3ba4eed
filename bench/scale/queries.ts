/** Search queries for bench:scale, from sampled names and codes (the same recipe as bench:lookup, split by length). */
export type SearchLength = "1" | "2" | "4" | "code";

/**
 * Name fragments of 1, 2 and 4 characters taken at varying positions of the sampled names (so common characters
 * such as 重, 庆, 公 and 司 are among them, as users type them), and 8-character prefixes of sampled codes.
 */
export function searchQueries(names: readonly string[], codes: readonly string[]): Record<SearchLength, string[]> {
  const out: Record<SearchLength, string[]> = { 1: [], 2: [], 4: [], code: [] };
  names.forEach((name, i) => {
    const chars = [...name];
    const start = i % Math.max(1, chars.length - 4);
    out[1].push(chars.slice(start, start + 1).join(""));
    out[2].push(chars.slice(start, start + 2).join(""));
    out[4].push(chars.slice(start, start + 4).join(""));
  });
  out.code = codes.map((c) => c.slice(0, 8));
  return out;
}
