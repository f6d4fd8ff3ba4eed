/**
 * Text decoding of uploads. Government departments export CSV from Excel and older systems in GBK as
 * often as in UTF-8, and rarely say which. The declared charset (Content-Type or `?encoding=`) wins; without
 * one a byte-order mark decides, and otherwise the first bytes are tried as UTF-8: when they are not valid
 * UTF-8 the file is GBK. GBK is decoded with the WHATWG `gb18030` decoder (a superset of GBK and GB2312),
 * which both workerd and Node provide, so no decoding table has to be bundled into the worker.
 */

export type TextEncodingName = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

/** How each encoding is named to people (reports, the CLI). */
export const ENCODING_LABEL: Record<TextEncodingName, string> = { "utf-8": "UTF-8", gb18030: "GBK", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE" };

/** Bytes looked at before deciding between UTF-8 and GBK. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The encoding a charset label names, or undefined when it is not one we read.
 * @example encodingFromLabel("GB2312") // "gb18030"
 * @example encodingFromLabel("utf8") // "utf-8"
 */
export function encodingFromLabel(label: string | null | undefined): TextEncodingName | undefined {
  const l = (label ?? "").trim().toLowerCase().replace(/^["']|["']$/g, "").replace(/_/g, "-");
  if (l === "utf-8" || l === "utf8") return "utf-8";
  if (["gbk", "gb2312", "gb18030", "cp936", "x-gbk", "ms936", "windows-936"].includes(l)) return "gb18030";
  if (l === "utf-16le" || l === "utf-16") return "utf-16le";
  if (l === "utf-16be") return "utf-16be";
  return undefined;
}

/**
 * The `charset` parameter of a Content-Type header.
 * @example charsetOf("text/csv; charset=GBK") // "GBK"
 */
export function charsetOf(contentType: string | null | undefined): string | undefined {
  return /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? "")?.[2];
}

/**
 * Guess the encoding of a file from its first bytes (`complete`: these are all of its bytes).
 * @example sniffEncoding(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]), true) // "gb18030" (“中文” in GBK)
 */
export function sniffEncoding(prefix: Uint8Array, complete: boolean): TextEncodingName {
  if (prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) return "utf-8";
  if (prefix[0] === 0xff && prefix[1] === 0xfe) return "utf-16le";
  if (prefix[0] === 0xfe && prefix[1] === 0xff) return "utf-16be";
  try {
    // stream: a multi-byte character cut at the end of the prefix is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(prefix, { stream: !complete });
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

export interface DecodedText {
  encoding: TextEncodingName;
  /** Whether the encoding was declared (header or query) rather than detected. */
  declared: boolean;
  chunks: AsyncGenerator<string>;
}

/**
 * Decodes a byte stream chunk by chunk. Undecodable bytes become U+FFFD, which row validation turns into an
 * `encoding` rejection of that row (a file that mixes encodings loses no row silently).
 * @example
 * const text = await decodeStream(request.body, encodingFromLabel(charsetOf(contentType)));
 * for await (const chunk of text.chunks) parser.push(chunk);
 */
export async function decodeStream(stream: ReadableStream<Uint8Array>, declared?: TextEncodingName): Promise<DecodedText> {
  const reader = stream.getReader();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  if (!declared) {
    while (headBytes < SNIFF_BYTES) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        break;
      }
      head.push(next.value);
      headBytes += next.value.byteLength;
    }
  }
  const encoding = declared ?? sniffEncoding(concat(head, headBytes), done);
  const decoder = new TextDecoder(encoding);
  async function* chunks(): AsyncGenerator<string> {
    try {
      for (const part of head) {
        const text = decoder.decode(part, { stream: true });
        if (text) yield text;
      }
      while (!done) {
        const next = await reader.read();
        if (next.done) break;
        const text = decoder.decode(next.value, { stream: true });
        if (text) yield text;
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    } finally {
      reader.releaseLock();
    }
  }
  return { encoding, declared: declared !== undefined, chunks: chunks() };
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}
