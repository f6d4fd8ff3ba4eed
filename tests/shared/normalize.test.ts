import { describe, expect, it } from "vitest";
import { cleanQueryText, normalizeCode, normalizeName } from "../../shared/identifiers";

/** One set of invisible characters for codes, names and queries (issue 15): each is dropped by all three. */
const INVISIBLES = ["\u0000", "\u001F", "\u007F", "\u009F", "\u00AD", "\u200B", "\u200E", "\u200F", "\u2028", "\u202E", "\u2060", "\u2066", "\uFEFF"];

describe("normalizeName", () => {
  it("trims, drops invisible characters and writes brackets full-width as registers do", () => {
    expect(normalizeName(" 重庆渝信(集团)有限公司 ")).toBe("重庆渝信（集团）有限公司");
    expect(normalizeName("重庆\u200B渝信\u202E（集团）有限公司\uFEFF")).toBe("重庆渝信（集团）有限公司");
  });

  it("drops exactly the characters codes and queries drop", () => {
    for (const ch of INVISIBLES) {
      expect(normalizeName(`重庆${ch}渝信`), JSON.stringify(ch)).toBe("重庆渝信");
      expect(cleanQueryText(`重庆${ch}渝信`), JSON.stringify(ch)).toBe("重庆渝信");
      expect(normalizeCode(`91350100${ch}M000100Y43`), JSON.stringify(ch)).toBe("91350100M000100Y43");
    }
  });
});
