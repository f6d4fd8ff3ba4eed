/** @jsxImportSource preact */
/** 「保存查询凭证」: the JWS as a file, and the printable receipt page on the worker. */
import { useState } from "preact/hooks";
import type { ReceiptSummary } from "../messages";
import { ask } from "../messages";

/** The printable page, only on the worker's own origin (a server cannot make us open anything else). */
export function printableUrl(receipt: ReceiptSummary, workerOrigin: string): string {
  try {
    const url = new URL(receipt.url);
    if (url.origin === workerOrigin) return url.href;
    // Another origin (a proxy, say): the worker's own page, keeping the page secret (?k=) the address carries.
    return `${workerOrigin}/r/${encodeURIComponent(receipt.number)}${url.search}`;
  } catch {
    // No usable address: the verification page, which takes the receipt itself.
    return `${workerOrigin}/verify`;
  }
}

export async function saveReceipt(number: string): Promise<boolean> {
  const stored = await ask({ type: "receipt", number });
  if (!stored) return false;
  const blob = new Blob([stored.jws], { type: "application/jose" });
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = `查询凭证-${stored.number}.jws`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return true;
}

export function ReceiptActions({ receipt, workerOrigin }: { receipt: ReceiptSummary; workerOrigin: string }) {
  const [note, setNote] = useState("");
  return (
    <div class="receipt">
      <p class="muted">
        <span class="number">{receipt.number}</span> · <span class={receipt.verified ? "ok" : "bad"}>{receipt.verified ? "签名已验证" : "凭证验证失败"}</span>
        <br />
        {receipt.verification}
      </p>
      <button
        type="button"
        onClick={async () => setNote((await saveReceipt(receipt.number)) ? "已保存签名凭证（JWS 文件）" : "凭证已不在缓存中，请重新核查")}
      >
        保存查询凭证
      </button>{" "}
      <a class="link secondary" href={printableUrl(receipt, workerOrigin)} target="_blank" rel="noopener noreferrer">
        打印凭证
      </a>
      {note ? (
        <p class="muted" role="status">
          {note}
        </p>
      ) : null}
    </div>
  );
}
