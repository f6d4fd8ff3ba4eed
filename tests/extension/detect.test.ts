import { describe, expect, it } from "vitest";
import { findCodes, nameBefore, organisationName } from "../../extension/content/detect";

const codes = (text: string) => findCodes(text).map((m) => m.code);

describe("finding 统一社会信用代码 in text", () => {
  it("finds a valid code and where it stands", () => {
    expect(findCodes("代码：91500113408203338U。")).toEqual([{ code: "91500113408203338U", index: 3, end: 21 }]);
  });

  it("never takes a code whose position 17 or 18 check fails", () => {
    // 18th character wrong; 17th wrong (the 18th then recomputed would also differ).
    expect(codes("91500113408203338V 91500113408203348U")).toEqual([]);
  });

  it("leaves early pilot codes (position 18 fails) to the server, not the badge", () => {
    expect(codes("福州闽江源贸易有限公司 91350100M0001TGQXM")).toEqual([]);
  });

  it("reads full-width and lower-case codes, keeping their positions in the original text", () => {
    const text = "投标人：重庆恒盛建材有限公司（９１５００１１３４０８２０３３３８Ｕ）";
    expect(findCodes(text)).toEqual([{ code: "91500113408203338U", index: 15, end: 33 }]);
    expect(codes("91500112484746545r")).toEqual(["91500112484746545R"]);
  });

  it("does not cut a code out of a longer run of letters and digits", () => {
    expect(codes("订单号 X91500113408203338U0")).toEqual([]);
  });

  it("never takes a person's 身份证号码 for a company code", () => {
    expect(codes("经办人 50011219531001235X")).toEqual([]);
  });

  it("finds every code in a sentence", () => {
    expect(codes("91500113408203338U、91500112484746545R 与 91500112178573703U")).toEqual(["91500113408203338U", "91500112484746545R", "91500112178573703U"]);
  });
});

describe("the name next to a code", () => {
  it("reads the organisation written just before the code, without its label", () => {
    const text = "中标供应商：重庆瑞丰物流有限公司（统一社会信用代码：91500112484746545R）";
    expect(nameBefore(text, text.indexOf("9150"))).toBe("重庆瑞丰物流有限公司");
    const bare = "投标人重庆恒盛建材有限公司 91500113408203338U";
    expect(nameBefore(bare, bare.indexOf("9150"))).toBe("重庆恒盛建材有限公司");
  });

  it("gives no name when the words before the code are not an organisation", () => {
    const text = "另一家供应商的代码 91500113408203338U";
    expect(nameBefore(text, text.indexOf("9150"))).toBeUndefined();
    expect(organisationName("黄勇")).toBeUndefined();
    expect(organisationName("  重庆市鑫达化工有限公司 ")).toBe("重庆市鑫达化工有限公司");
  });
});
