import { RECEIPT_FORMAT_VERSION, type SignedReport } from "../../shared/contract/receipts";
import { PUBLIC_PRINCIPAL } from "../../shared/auth/principal";
import { getProfile } from "../lookup/service";
import type { ShardRouter } from "../shards";
import type { ReceiptSigner } from "./keys";
import { signReport } from "./sign";

/**
 * A signed public credit report (公共信用信息报告): the public profile of a subject, as anyone may see it,
 * signed like a receipt (typ cx-report+jwt). Not stored: it is public information, and anyone can ask again.
 * @example (await signedReport(shards, signer, "91500103MA5U3K9L2B", "2026-11-27", issuer)).url // "…/s/91500103MA5U3K9L2B/report"
 */
export async function signedReport(shards: ShardRouter, signer: ReceiptSigner, code: string, today: string, issuer: string, now = new Date()): Promise<SignedReport> {
  const report = await getProfile(shards, PUBLIC_PRINCIPAL, code, today, { freshDataVersion: true });
  const issuedAt = now.toISOString();
  const jws = await signReport({ v: RECEIPT_FORMAT_VERSION, iss: issuer, iat: Math.floor(now.getTime() / 1000), issuedAt, report }, signer);
  // Natural persons get no link, as on the public site: their code is masked and a full ID number never goes into a URL we hand out.
  const url = report.codeType === "uscc" ? `${issuer.replace(/\/+$/, "")}/s/${report.code}/report` : null;
  return { report, issuedAt, kid: signer.kid, url, jws };
}
