import { RECEIPT_NUMBER_ALPHABET } from "../../shared/contract/receipts";
import { chinaToday } from "../../shared/domain/dates";

/**
 * A new tracking number: `XF-YYYYMMDD-XXXXXX` for a repair, `YY-…` for an objection (filing date in China time,
 * six characters without 0/O/1/I). A collision is caught by the UNIQUE column and retried by the caller.
 * @example newTrackingNumber("repair", new Date("2026-11-26T17:00:00Z")) // "XF-20261127-7F3K9Q" (random part varies)
 */
export function newTrackingNumber(kind: "repair" | "objection", now: Date = new Date()): string {
  const suffix = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => RECEIPT_NUMBER_ALPHABET.charAt(b & 31)).join("");
  return `${kind === "repair" ? "XF" : "YY"}-${chinaToday(now).replaceAll("-", "")}-${suffix}`;
}
