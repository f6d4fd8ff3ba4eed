import { Hono } from "hono";
import { renderSVG } from "uqr";
import { RECEIPT_NUMBER_PATTERN, type ReceiptPayload, VerifyRequest } from "../../shared/contract/receipts";
import { sha256Hex } from "../../shared/audit/chain";
import { verifySigned } from "../../shared/receipts/verify";
import type { AppEnv } from "../env";
import { ApiError } from "../http/errors";
import { ErrorPage } from "../pages/layout";
import { receiptKeys } from "./keys";
import { type ReceiptStatus, ReceiptPage, ReportPage, VerifyFormPage, VerifyResultPage } from "./pages";
import { signedReport } from "./report";
import { loadReceipt } from "./store";
import { verifyAgainstArchive } from "./verification";
import { maskPersonalNumbers, pageSecretMatches } from "../visibility";
import { laterChanges } from "./later";
import { receiptPageUrl } from "./number";

/**
 * A QR code as inline SVG (server-side: the CSP allows no script), labelled for screen readers.
 * @example qrSvg("https://chayicha.example/r/CX-20261127-7F3K9Q") // '<svg class="qr" role="img" …'
 */
export function qrSvg(url: string): string {
  return renderSVG(url, { ecc: "M", border: 2 }).replace("<svg ", `<svg class="qr" role="img" aria-label="二维码：${url.replace(/[<>&"]/g, "")}" `);
}

/** Receipt and report pages: /r/{number}, /s/{code}/report, and /verify (paste a JWS, get the result). */
export const receiptPageRoutes = new Hono<AppEnv>()
  .get("/r/:number", async (c) => {
    const number = c.req.param("number").trim().toUpperCase();
    if (!RECEIPT_NUMBER_PATTERN.test(number)) {
      return c.html(<ErrorPage title="凭证编号不正确" message="凭证编号的格式为 CX-YYYYMMDD-XXXXXX，例如 CX-20261127-7F3K9Q。" />, 404);
    }
    const stored = await loadReceipt(c.var.db, number);
    const secret = c.req.query("k");
    // Without the page secret of its address, a receipt answers exactly like a number we never issued.
    if (!stored || !(await pageSecretMatches(secret, stored.secret_hash))) {
      return c.html(<ErrorPage title="未找到凭证" message={`本系统没有编号为 ${number} 的查询凭证（凭证页面的地址须完整，含访问密钥）。`} />, 404);
    }
    const { ring } = receiptKeys(c.env);
    let status: ReceiptStatus;
    let payload: ReceiptPayload | null = null;
    if (stored.jws) {
      // The stored JWS must verify, be the one whose digest was recorded at issue, and name the recorded key.
      // The table is shown only from a receipt that passes all three: never from one that does not.
      const result = await verifySigned(stored.jws, ring.jwks);
      const digestMatches = (await sha256Hex(stored.jws)) === stored.digest;
      if (!result.valid) status = { state: "invalid", message: result.message };
      else if (!digestMatches || result.kid !== stored.kid || result.kind !== "receipt" || result.payload.number !== number) {
        status = { state: "invalid", message: "存档的凭证与签发时记录的摘要或密钥不一致" };
      } else {
        status = { state: "valid", kid: result.kid, keyStatus: result.kid === ring.current.kid ? "current" : "retired" };
        // Receipts signed before the guard existed may hold an ID number in free text: the page never shows it.
        payload = maskPersonalNumbers(result.payload);
      }
    } else {
      status = { state: "not_archived", kidKnown: ring.jwks.keys.some((k) => k.kid === stored.kid) };
    }
    const url = receiptPageUrl(c.env.ISSUER, number, secret!);
    const facts = { number, issuedAt: stored.issued_at, kid: stored.kid, digest: stored.digest, scene: stored.scene, itemCount: stored.item_count };
    const later = payload ? await laterChanges(c.var.shards, payload, c.var.today) : new Map();
    return c.html(<ReceiptPage stored={facts} status={status} payload={payload} later={later} url={url} qrSvg={qrSvg(url)} />);
  })
  .get("/verify", (c) => c.html(<VerifyFormPage />))
  .post("/verify", async (c) => {
    const form = await c.req.parseBody();
    const parsed = VerifyRequest.safeParse({ jws: typeof form.jws === "string" ? form.jws : "" });
    if (!parsed.success) return c.html(<VerifyFormPage error={parsed.error.issues[0]?.message ?? "请粘贴签名凭证"} />, 400);
    const result = await verifyAgainstArchive(c.var.db, receiptKeys(c.env).ring, parsed.data.jws);
    return c.html(<VerifyResultPage result={maskPersonalNumbers(result)} />);
  })
  .get("/s/:code/report", async (c) => {
    try {
      const signer = await receiptKeys(c.env).signer();
      const signed = await signedReport(c.var.shards, signer, c.req.param("code"), c.var.today, c.env.ISSUER);
      return c.html(<ReportPage signed={signed} digest={await sha256Hex(signed.jws)} qrSvg={signed.url ? qrSvg(signed.url) : null} />);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      const problems = (err.details as { problems?: { message: string }[] } | undefined)?.problems;
      return c.html(<ErrorPage title={err.status === 404 ? "未找到该主体" : "代码不正确"} message={err.message} problems={problems} />, err.status);
    }
  });
