/**
 * Evidence files of a repair application: PDF, JPEG or PNG by their first bytes (the declared type is not
 * trusted), at most 5 files of 10 MB each. Stored in R2 under their SHA-256 (content-addressed).
 */
import { ApiError } from "../http/errors";

export const MAX_EVIDENCE_FILES = 5;
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** The route's own body limit: the files plus the form fields. */
export const MAX_REPAIR_BODY_BYTES = MAX_EVIDENCE_FILES * MAX_EVIDENCE_BYTES + 512 * 1024;

export type EvidenceType = "application/pdf" | "image/jpeg" | "image/png";

export interface Evidence {
  name: string;
  type: EvidenceType;
  size: number;
  sha256: string;
  bytes: Uint8Array;
}

const SIGNATURES: [EvidenceType, number[]][] = [
  ["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/**
 * The file type from its first bytes, or null when it is none of the allowed ones.
 * @example sniffType(new TextEncoder().encode("%PDF-1.7")) // "application/pdf"
 */
export function sniffType(bytes: Uint8Array): EvidenceType | null {
  return SIGNATURES.find(([, sig]) => sig.every((b, i) => bytes[i] === b))?.[0] ?? null;
}

const safeName = (name: string) => name.replace(/[\u0000-\u001f\u007f"\\/]/g, "_").slice(0, 120) || "未命名文件";

/** Checks and reads the uploaded files; 400/413 naming the file that fails. */
export async function readEvidence(files: readonly File[]): Promise<Evidence[]> {
  if (files.length > MAX_EVIDENCE_FILES) throw new ApiError(400, "invalid_request", `证明材料最多 ${MAX_EVIDENCE_FILES} 个文件，收到 ${files.length} 个`);
  const out: Evidence[] = [];
  for (const file of files) {
    const name = safeName(file.name);
    if (file.size > MAX_EVIDENCE_BYTES) throw new ApiError(413, "payload_too_large", `文件“${name}”超过 10 MB，请压缩后重新上传`, { file: name, maxBytes: MAX_EVIDENCE_BYTES });
    if (file.size === 0) throw new ApiError(400, "invalid_request", `文件“${name}”是空文件`, { file: name });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const type = sniffType(bytes);
    if (!type) throw new ApiError(400, "invalid_request", `文件“${name}”不是 PDF、JPEG 或 PNG 文件（按文件内容判断）`, { file: name });
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    out.push({ name, type, size: bytes.byteLength, sha256: Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""), bytes });
  }
  return out;
}

/** Stores the files in R2 (before the case is written, so a case never names a missing file). */
export async function storeEvidence(bucket: R2Bucket | undefined, files: readonly Evidence[]): Promise<string[]> {
  if (files.length === 0) return [];
  if (!bucket) throw new ApiError(500, "internal_error", "证明材料存储未配置");
  return Promise.all(
    files.map(async (f) => {
      const key = `evidence/${f.sha256}`;
      await bucket.put(key, f.bytes, { httpMetadata: { contentType: f.type }, sha256: f.sha256 });
      return key;
    }),
  );
}
