/**
 * Remembered answers of pure functions that an upload asks again and again with the same input: every row names
 * its 数据来源单位 and its deciding authority (one or a few codes per file), a subject's code recurs with each of
 * its records, and decision dates repeat. Validating a 统一社会信用代码 or a date costs tens of microseconds;
 * a lookup costs well under one. Bounded: a full table is emptied and fills again (isolates are short-lived, and
 * the answers never change, so a forgotten one is only recomputed).
 * Answers are shared between callers: they must be treated as read-only.
 */
export const MEMO_ENTRIES = 8192;

/**
 * @example const valid = memoize((code: string) => validateUscc(code)); valid("91500000MA5U7Q8K4J") // computed once
 */
export function memoize<R>(fn: (key: string) => R, max = MEMO_ENTRIES): (key: string) => R {
  const table = new Map<string, R>();
  return (key) => {
    const known = table.get(key);
    if (known !== undefined || table.has(key)) return known as R;
    const answer = fn(key);
    if (table.size >= max) table.clear();
    table.set(key, answer);
    return answer;
  };
}
