import { maskIdNumbersInText, validateUscc } from "../../shared/identifiers";

/**
 * Keys whose values are identifiers, never free text. A 许可证书编号 such as a construction permit number
 * (region + date + sequence) is 18 digits and passes the GB 11643 check about one time in eleven, so masking it
 * would damage a real number; signatures, digests and receipt or tracking numbers are ours.
 */
const IDENTIFIER_KEYS = new Set(["licenceNo", "jws", "kid", "digest", "sha256", "number", "tracking"]);

/** Keys that hold organisation codes: left alone only when the value is a valid USCC (a person's code is masked already). */
const CODE_KEYS = new Set(["code", "department", "deciderCode", "subjectCode"]);

/**
 * The last line of defence for personal data in answers: every resident ID number (18 digits, or an old
 * 15-digit number, full-width forms included) left in any string of an answer is masked (birth month and day →
 * ****), whatever field it sits in. Ingest masks free text before storage; this catches rows that reached the
 * database another way (older rows, direct writes, corrections). Every answer that leaves the worker for the
 * public passes through here: lookups, pages, reports, check answers and receipts, the change feed, case pages.
 * Returns a new value; the input is not changed.
 * @example maskPersonalNumbers({ reason: "当事人身份证号11010519491231002X" }) // { reason: "当事人身份证号1101051949****002X" }
 */
export function maskPersonalNumbers<T>(value: T): T {
  return walk(value, undefined) as T;
}

function walk(value: unknown, key: string | undefined): unknown {
  if (typeof value === "string") {
    if (key !== undefined && IDENTIFIER_KEYS.has(key)) return value;
    const masked = maskIdNumbersInText(value);
    // Nothing to mask (nearly every string): no need to ask whether a code is a USCC.
    if (masked === value) return value;
    if (key !== undefined && CODE_KEYS.has(key) && validateUscc(value).valid) return value;
    return masked;
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, undefined));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, k);
    return out;
  }
  return value;
}
