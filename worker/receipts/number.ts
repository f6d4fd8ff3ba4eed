import { RECEIPT_NUMBER_ALPHABET } from "../../shared/contract/receipts";
import { chinaToday } from "../../shared/domain/dates";

/**
 * A new receipt number `CX-YYYYMMDD-XXXXXX`: the issue date in China time and six random characters from
 * a 32-character alphabet without 0/O/1/I (2^30 numbers a day; a collision is retried by the caller).
 * @example newReceiptNumber(new Date("2026-11-26T17:00:00Z")) // "CX-20261127-7F3K9Q" (random part varies)
 */
export function newReceiptNumber(now: Date = new Date(), random: (count: number) => Uint8Array = (count) => crypto.getRandomValues(new Uint8Array(count))): string {
  const bytes = random(6);
  // 32 symbols: the low five bits of a random byte pick one without bias.
  const suffix = Array.from(bytes, (b) => RECEIPT_NUMBER_ALPHABET.charAt(b & 31)).join("");
  return `CX-${chinaToday(now).replaceAll("-", "")}-${suffix}`;
}

/**
 * The public address of a receipt's page: its number and the page secret (without the secret the page answers
 * like an unknown number). The QR code on the page and the `url` of a check answer are this address.
 * @example receiptPageUrl("https://chayicha.example/", "CX-20261127-7F3K9Q", "q3Zr…") // "https://chayicha.example/r/CX-20261127-7F3K9Q?k=q3Zr…"
 */
export function receiptPageUrl(issuer: string, number: string, secret: string): string {
  return `${issuer.replace(/\/+$/, "")}/r/${number}?k=${encodeURIComponent(secret)}`;
}
