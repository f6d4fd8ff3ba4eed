import { describe, it, expect } from "vitest";
import {
  isValidRegistrationNumber,
  registrationNumberCheckDigit,
  validateRegistrationNumber,
  CHONGQING_DISTRICTS,
  classifyCode,
  containsUnmaskedIdNumber,
  findIdNumbersInText,
  maskIdNumbersInText,
  convert15To18,
  idCheckChar,
  isChongqingRegion,
  isValidIdNumber,
  isValidUscc,
  maskIdNumber,
  maskName,
  maskPhone,
  normalizeCode,
  orgCodeCheckChar,
  regionName,
  toHalfWidth,
  usccCheckChar18,
  usccFromParts,
  validateIdNumber,
  validateUscc,
} from "../../shared/identifiers";
import type { UsccProblem } from "../../shared/identifiers";

/* ------------------------------------------------------------------ */
/* Independent reference calculations (deliberately NOT the module's  */
/* code): weights are derived from powers rather than copied tables. */
/* ------------------------------------------------------------------ */
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const refCheck18 = (code: string): string => {
  let sum = 0;
  let w = 1; // 3^(i-1) mod 31
  for (const ch of code.slice(0, 17)) {
    sum += ALPHABET.indexOf(ch) * w;
    w = (w * 3) % 31;
  }
  return ALPHABET[(31 - (sum % 31)) % 31] ?? "?";
};
const refCheck17 = (code: string): string => {
  // GB 11714 weights 3 7 9 10 5 8 4 2 are 2^(9-i) mod 11 for i = 1..8
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = code.charAt(8 + i);
    const v = parseInt(ch, 36); // 0-9 → 0-9, A-Z → 10-35
    sum += v * (2 ** (8 - i) % 11);
  }
  const r = 11 - (sum % 11);
  return r === 10 ? "X" : r === 11 ? "0" : String(r);
};
const refIdCheck = (id: string): string => {
  // ISO 7064 MOD 11-2: weight of position i (1..17) is 2^(18-i) mod 11
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id.charAt(i)) * (2 ** (17 - i) % 11);
  const r = (12 - (sum % 11)) % 11;
  return r === 10 ? "X" : String(r);
};

function problemsOf(input: string, authoritative = false): UsccProblem[] {
  const r = validateUscc(input, { authoritative });
  return r.valid ? [] : r.problems;
}

const VALID_USCC = [
  "91350100M000100Y43",
  "91310115591693856A",
  "91310110666007217T",
  "91320621MA1MRHG205",
  "91230500MA1B3N1N2M",
  "11230500001755309F",
];

describe("normalizeCode / toHalfWidth", () => {
  it("converts full-width forms to half-width", () => {
    expect(toHalfWidth("９１３５Ａｂ！～")).toBe("9135Ab!~");
  });
  it("trims (incl. U+3000, zero-width), removes inner spaces/hyphens, upper-cases", () => {
    expect(normalizeCode("\u3000 91350100-m000 100y43\u200B\uFEFF ")).toBe("91350100M000100Y43");
    expect(normalizeCode("９１３５０１００Ｍ０００１００Ｙ４３")).toBe("91350100M000100Y43");
    expect(normalizeCode("9135\u30000100－M000100Y43")).toBe("91350100M000100Y43");
  });
});

describe("USCC check characters", () => {
  it("hand-checked: 91350100M000100Y43", () => {
    // pos 17: M000100Y → 22·3 + 1·5 + 34·2 = 139; 139 mod 11 = 7; 11 − 7 = 4
    expect(orgCodeCheckChar("M000100Y")).toBe("4");
    // pos 18: 9·1+1·3+3·9+5·27+1·26+21(M)·20+1·8+30(Y)·30+4·28 = 1640; 1640 mod 31 = 28; 31 − 28 = 3
    expect(usccCheckChar18("91350100M000100Y4")).toBe("3");
  });
  it("hand-checked: 91320621MA1MRHG205 (and its twin ...207)", () => {
    expect(refCheck17("91320621MA1MRHG205")).toBe("0");
    expect(refCheck18("91320621MA1MRHG205")).toBe("5");
    expect(usccCheckChar18("91320621MA1MRHG20")).toBe("5");
  });
  it.each(VALID_USCC)("module and reference calculation agree for %s", (code) => {
    expect(orgCodeCheckChar(code.slice(8, 16))).toBe(refCheck17(code));
    expect(usccCheckChar18(code.slice(0, 17))).toBe(refCheck18(code));
    expect(code.charAt(16)).toBe(refCheck17(code));
    expect(code.charAt(17)).toBe(refCheck18(code));
  });
  it("maps position-18 value 31 → '0' and position-17 values 10/11 → 'X'/'0'", () => {
    expect(refCheck18("91500103MA1MRH0530")).toBe("0");
    expect(usccCheckChar18("91500103MA1MRH053")).toBe("0");
    expect(isValidUscc("91500103MA1MRH0530")).toBe(true);
    expect(orgCodeCheckChar("M0001TGQ")).toBe("X"); // 11 − (Σ mod 11) = 10
    expect(orgCodeCheckChar("MA1MRHG2")).toBe("0"); // 11 − (Σ mod 11) = 11
  });
  it("rejects bad input to the check functions", () => {
    expect(() => usccCheckChar18("91350100M000100Y")).toThrow(RangeError);
    expect(() => usccCheckChar18("91350100M0001I0Y4")).toThrow(RangeError);
    expect(() => orgCodeCheckChar("M00*100Y")).toThrow(RangeError);
  });
});

describe("validateUscc — valid fixtures", () => {
  it.each(VALID_USCC)("%s is valid", (code) => {
    const r = validateUscc(code);
    expect(r.valid).toBe(true);
    if (r.valid) {
      expect(r.checksumLegacy).toBe(false);
      expect(r.code).toBe(code);
    }
    expect(isValidUscc(code)).toBe(true);
  });

  it("decodes parts", () => {
    const r = validateUscc("91350100M000100Y43");
    expect(r.valid && r.parts).toEqual({
      registrationDepartment: { code: "9", name: "工商(市场监管)" },
      category: { code: "1", name: "企业" },
      region: { code: "350100", name: "福建省", chongqing: false },
      organizationCode: "M000100Y4",
    });
    const gov = validateUscc("11230500001755309F");
    expect(gov.valid && gov.parts.registrationDepartment.name).toBe("机构编制");
    expect(gov.valid && gov.parts.category.name).toBe("机关");
    expect(gov.valid && gov.parts.region.name).toBe("黑龙江省");
  });

  it("normalises lower case, full width and spaces before validating", () => {
    for (const input of [
      "91350100m000100y43",
      "９１３５０１００Ｍ０００１００Ｙ４３",
      "  9135 0100 M000 100Y 43\u3000",
      "91350100-M000100Y4-3",
    ]) {
      const r = validateUscc(input);
      expect(r.valid, input).toBe(true);
      expect(r.code).toBe("91350100M000100Y43");
    }
  });
});

describe("validateUscc — problems", () => {
  it("empty", () => {
    expect(problemsOf("  \u3000")).toEqual([{ kind: "empty", message: "统一社会信用代码为空" }]);
  });

  it("length stops further checks", () => {
    expect(problemsOf("91350100M000100Y4")).toEqual([
      { kind: "length", actual: 17, message: "统一社会信用代码应为18位，实际为17位" },
    ]);
    expect(problemsOf("IIII")).toEqual([{ kind: "length", actual: 4, message: "统一社会信用代码应为18位，实际为4位" }]);
  });

  it("reports every forbidden character with its 1-based position", () => {
    const problems = problemsOf("9135I100M0O01S0V4Z");
    expect(problems.map((p) => p.kind)).toEqual(["character", "character", "character", "character", "character"]);
    expect(problems.map((p) => ("position" in p ? p.position : 0))).toEqual([5, 11, 14, 16, 18]);
    expect(problems[0]?.message).toBe("第5位字符“I”不允许出现在统一社会信用代码中（不使用 I、O、S、V、Z）");
    const star = problemsOf("91350100M000*00Y43");
    expect(star).toHaveLength(1);
    expect(star[0]).toMatchObject({ kind: "character", position: 13, character: "*" });
  });

  it("invalid registration department", () => {
    const code = "B1350100M000100Y43";
    const p = problemsOf(code);
    expect(p[0]).toEqual({
      kind: "registration_department",
      position: 1,
      character: "B",
      message: "第1位登记管理部门代码“B”无效",
    });
  });

  it("invalid category for the department", () => {
    // 9 (工商) only has categories 1, 2, 3; build otherwise-consistent check chars
    const first17 = "94350100M000100Y4";
    const code = first17 + usccCheckChar18(first17);
    const p = problemsOf(code);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ kind: "category", position: 2, character: "4" });
    expect(p[0]?.message).toContain("第2位机构类别代码“4”无效");
  });

  it("position 17 check", () => {
    const first17 = "91350100M000100Y7";
    const code = first17 + usccCheckChar18(first17);
    expect(problemsOf(code)).toEqual([
      {
        kind: "check_17",
        position: 17,
        expected: "4",
        actual: "7",
        message: "第17位（组织机构代码校验码）应为“4”，实际为“7”",
      },
    ]);
  });

  it("position 18 check: 91320621MA1MRHG207 (twin of ...205)", () => {
    const r = validateUscc("91320621MA1MRHG207");
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.problems).toEqual([
        { kind: "check_18", position: 18, expected: "5", actual: "7", message: "统一社会信用代码校验未通过：其中有字符录入有误（任何一位都可能），请逐位核对；按所录前17位计算，第18位应为“5”，所录为“7”" },
      ]);
      expect(r.parts?.region.name).toBe("江苏省");
    }
    expect(problemsOf("91350100M000100Y4X")[0]?.message).toBe(
      "统一社会信用代码校验未通过：其中有字符录入有误（任何一位都可能），请逐位核对；按所录前17位计算，第18位应为“3”，所录为“X”",
    );
    // The message never blames position 18 alone: a mistyped character anywhere makes the check fail.
    expect(problemsOf("91350100M000100Y4X")[0]?.message).not.toMatch(/^第18位/);
  });

  it("legacy Fujian pilot code fails only position 18", () => {
    const legacy = "91350100M0001TGQXM";
    expect(refCheck17(legacy)).toBe("X"); // position 17 is fine
    expect(refCheck18(legacy)).toBe("1"); // position 18 is not
    expect(problemsOf(legacy)).toEqual([
      { kind: "check_18", position: 18, expected: "1", actual: "M", message: "统一社会信用代码校验未通过：其中有字符录入有误（任何一位都可能），请逐位核对；按所录前17位计算，第18位应为“1”，所录为“M”" },
    ]);
    expect(isValidUscc(legacy)).toBe(false);
    const auth = validateUscc(legacy, { authoritative: true });
    expect(auth.valid).toBe(true);
    expect(auth.valid && auth.checksumLegacy).toBe(true);
    expect(auth.valid && auth.parts.region.code).toBe("350100");
  });

  it("authoritative does not excuse other problems", () => {
    const r = validateUscc("91350100M0001TGQ7M", { authoritative: true });
    expect(r.valid).toBe(false);
    const p = problemsOf("B1350100M0001TGQXM", true);
    expect(p.map((x) => x.kind)).toContain("registration_department");
  });
});

describe("usccFromParts and Chongqing regions", () => {
  it("builds a valid Chongqing (渝中区) code and decodes it", () => {
    const code = usccFromParts("9", "1", "500103", "MA5U7K8X");
    expect(code).toHaveLength(18);
    expect(code.charAt(16)).toBe(refCheck17(code));
    expect(code.charAt(17)).toBe(refCheck18(code));
    const r = validateUscc(code);
    expect(r.valid).toBe(true);
    if (r.valid) {
      expect(r.parts.region).toEqual({ code: "500103", name: "渝中区", chongqing: true });
      expect(r.parts.registrationDepartment).toEqual({ code: "9", name: "工商(市场监管)" });
      expect(r.parts.category).toEqual({ code: "1", name: "企业" });
    }
  });
  it("reproduces a real code from its parts", () => {
    expect(usccFromParts("9", "1", "350100", "M000100Y")).toBe("91350100M000100Y43");
    expect(usccFromParts("9", "1", "320621", "MA1MRHG2")).toBe("91320621MA1MRHG205");
  });
  it("every Chongqing district yields a valid code", () => {
    expect(CHONGQING_DISTRICTS).toHaveLength(38);
    for (const d of CHONGQING_DISTRICTS) {
      const r = validateUscc(usccFromParts("5", "2", d.code, "MJ0123AB"));
      expect(r.valid && r.parts.region.name).toBe(d.name);
    }
  });
  it("rejects impossible parts", () => {
    expect(() => usccFromParts("9", "4", "500103", "MA5U7K8X")).toThrow(RangeError);
    expect(() => usccFromParts("9", "1", "5001", "MA5U7K8X")).toThrow(RangeError);
    expect(() => usccFromParts("9", "1", "500103", "MA5S7K8X")).toThrow(RangeError);
  });
  it("regionName / isChongqingRegion", () => {
    expect(regionName("500000")).toBe("重庆市(市本级)");
    expect(regionName("500100")).toBe("重庆市市辖区");
    expect(regionName("500200")).toBe("重庆市县");
    expect(regionName("500243")).toBe("彭水苗族土家族自治县");
    expect(regionName("500154")).toBe("开州区");
    expect(regionName("350100")).toBe("福建省");
    expect(regionName("820000")).toBe("澳门特别行政区");
    expect(regionName("990000")).toBeUndefined();
    expect(regionName("50010")).toBeUndefined();
    expect(isChongqingRegion("500103")).toBe(true);
    expect(isChongqingRegion("510103")).toBe(false);
  });
});

describe("ID numbers", () => {
  const today = "2025-01-01";

  it("reference check digits agree (hand-checked 11010519491231002X: Σ = 167, 167 mod 11 = 2 → X)", () => {
    expect(refIdCheck("11010519491231002X")).toBe("X");
    expect(idCheckChar("11010519491231002")).toBe("X");
    expect(refIdCheck("440524188001010014")).toBe("4");
    expect(idCheckChar("44052418800101001")).toBe("4");
  });

  it("11010519491231002X (also lower-case x) is valid", () => {
    for (const input of ["11010519491231002X", "11010519491231002x", " 110105 19491231 002x "]) {
      expect(validateIdNumber(input, { today })).toEqual({
        valid: true,
        number: "11010519491231002X",
        birthDate: "1949-12-31",
        sex: "female",
        region: { code: "110105", name: "北京市" },
        convertedFrom15: false,
      });
    }
  });

  it("440524188001010014: check digit right, but born before 1900", () => {
    const r = validateIdNumber("440524188001010014", { today });
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]?.kind).toBe("birth_date");
    }
  });

  it("15-digit conversion round trip", () => {
    const id18 = convert15To18("110105491231002");
    expect(id18).toBe("11010519491231002X");
    expect(id18.slice(0, 6) + id18.slice(8, 17)).toBe("110105491231002");
    const r = validateIdNumber("110105491231002", { today });
    expect(r.valid && r.number).toBe("11010519491231002X");
    expect(r.valid && r.convertedFrom15).toBe(true);
    expect(r.valid && r.birthDate).toBe("1949-12-31");
  });

  it("bad check digit", () => {
    const r = validateIdNumber("110105194912310021", { today });
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.problems).toEqual([
        { kind: "check", position: 18, expected: "X", actual: "1", message: "第18位校验码应为“X”，实际为“1”" },
      ]);
    }
  });

  it("bad birth dates: 19990230, future, year < 1900", () => {
    const feb30 = "11010519990230" + "002";
    const r = validateIdNumber(feb30 + idCheckChar(feb30), { today });
    expect(r.valid).toBe(false);
    if (!r.valid) {
      expect(r.problems.map((p) => p.kind)).toEqual(["birth_date"]);
      expect(r.problems[0]?.message).toBe("出生日期“19990230”不是有效日期");
    }
    const future = "11010520300101002";
    expect(isValidIdNumber(future + idCheckChar(future), { today })).toBe(false);
    expect(isValidIdNumber(future + idCheckChar(future), { today: "2031-01-01" })).toBe(true);
    const leap = "11010520000229002";
    expect(isValidIdNumber(leap + idCheckChar(leap), { today })).toBe(true);
    const noLeap = "11010519000229002";
    expect(isValidIdNumber(noLeap + idCheckChar(noLeap), { today })).toBe(false);
  });

  it("empty, length and format problems", () => {
    const kinds = (s: string) => {
      const r = validateIdNumber(s, { today });
      return r.valid ? [] : r.problems.map((p) => p.kind);
    };
    expect(kinds("")).toEqual(["empty"]);
    expect(kinds("1101051949123100")).toEqual(["length"]);
    expect(kinds("1101051949123A002X")).toEqual(["format"]);
    expect(kinds("11010519491231002Y")).toEqual(["format"]);
    expect(kinds("11010549123100X")).toEqual(["format"]);
  });

  it("male when the 17th digit is odd", () => {
    const first17 = "50010319800101001";
    const r = validateIdNumber(first17 + idCheckChar(first17), { today });
    expect(r.valid && r.sex).toBe("male");
    expect(r.valid && r.region).toEqual({ code: "500103", name: "渝中区" });
  });
});

describe("masking", () => {
  it("maskIdNumber", () => {
    expect(maskIdNumber("372827196301018934")).toBe("3728271963****8934");
    expect(maskIdNumber("11010519491231002x")).toBe("1101051949****002X");
    expect(maskIdNumber("110105491231002")).toBe("11010549****002");
    expect(maskIdNumber("12345")).toBe("*****");
  });
  it("maskName / maskPhone", () => {
    expect(maskName("张三")).toBe("张*");
    expect(maskName("李小明")).toBe("李**");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskName("阿依·买买提")).toBe("阿*·***");
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskPhone("138 1234 5678")).toBe("138****5678");
  });
  it("containsUnmaskedIdNumber", () => {
    expect(containsUnmaskedIdNumber("当事人张*，身份证号11010519491231002X，住北京")).toBe(true);
    expect(containsUnmaskedIdNumber("id=11010519491231002x;")).toBe(true);
    expect(containsUnmaskedIdNumber("９１11010519491231002X")).toBe(true); // embedded in a longer run
    expect(containsUnmaskedIdNumber("身份证号1101051949****002X")).toBe(false);
    expect(containsUnmaskedIdNumber(maskIdNumber("11010519491231002X"))).toBe(false);
    expect(containsUnmaskedIdNumber("110105194912310021")).toBe(false); // bad check digit
    expect(containsUnmaskedIdNumber("统一社会信用代码 91350100M000100Y43")).toBe(false);
    expect(containsUnmaskedIdNumber("")).toBe(false);
    expect(containsUnmaskedIdNumber("旧号码110105491231002。")).toBe(true); // 15-digit, 1949-12-31
  });
  it("maskIdNumbersInText masks every ID number in free text and nothing else", () => {
    const id = "11010519491231002X";
    expect(maskIdNumbersInText(`当事人张某（身份证号${id}）于2024年1月`)).toBe("当事人张某（身份证号1101051949****002X）于2024年1月");
    expect(maskIdNumbersInText(`甲${id}乙${id.toLowerCase()}丙`)).toBe("甲1101051949****002X乙1101051949****002x丙");
    // Full-width digits are masked in place, the rest of the text stays as written.
    expect(maskIdNumbersInText("号码：１１０１０５１９４９１２３１００２Ｘ")).toBe("号码：１１０１０５１９４９****００２Ｘ");
    expect(maskIdNumbersInText("账号9911010519491231002X")).toBe("账号991101051949****002X");
    expect(maskIdNumbersInText("旧号码110105491231002")).toBe("旧号码11010549****002");
    // Not ID numbers: a wrong check digit, a USCC, a 15-digit number without a province or a real birth date, amounts.
    for (const text of ["110105194912310021", "91350100M000100Y43", "990105491231002", "110105491331002", "罚款 2000000 元", "电话 13812345678"]) {
      expect(maskIdNumbersInText(text)).toBe(text);
    }
    const once = maskIdNumbersInText(`身份证${id}`);
    expect(maskIdNumbersInText(once)).toBe(once);
    expect(findIdNumbersInText(`身份证${id}`)).toEqual([{ start: 3, length: 18, maskFrom: 13, maskTo: 17 }]);
  });
  it("finds the shortest forms, 15 digits in all, however they are split (the fast path counts digits first)", () => {
    // An old number in groups, half- and full-width digits mixed: 15 digits, the fewest any form has.
    expect(maskIdNumbersInText("旧号 110105-491231-002 止")).toBe("旧号 110105-49****-002 止");
    expect(maskIdNumbersInText("旧号１１０１０５４９１２３１００２")).toBe("旧号１１０１０５４９****００２");
    // 14 digits cannot hold one; the text comes back as it was, the very same string.
    const fourteen = "文号 渝2026-0312-4567890";
    expect(maskIdNumbersInText(fourteen)).toBe(fourteen);
    expect(findIdNumbersInText("11010549123100")).toEqual([]);
  });
});

describe("classifyCode", () => {
  it("classifies valid codes", () => {
    expect(classifyCode("91350100m000100y43")).toEqual({ type: "uscc", normalized: "91350100M000100Y43" });
    expect(classifyCode("11010519491231002x")).toEqual({ type: "id_number", normalized: "11010519491231002X" });
    expect(classifyCode("110105491231002").type).toBe("id_number");
  });
  it("classifies invalid codes by shape, then by fewer problems", () => {
    expect(classifyCode("91320621MA1MRHG207").type).toBe("uscc");
    expect(classifyCode("91350100M0001TGQXM").type).toBe("uscc");
    expect(classifyCode("110105194912310021").type).toBe("id_number");
    expect(classifyCode("").type).toBe("unknown");
    expect(classifyCode("合肥某某公司").type).toBe("unknown");
  });
});

describe("工商注册号 (15 digits, ISO 7064 MOD 11,10)", () => {
  it("computes the check digit of the first 14 digits", () => {
    expect(registrationNumberCheckDigit("11010800000001")).toBe("6");
    // Worked by hand: P=10 → (10+1)%10=1 → P=2 … the last P is 5, so the check digit is (11−5)%10 = 6.
    expect(() => registrationNumberCheckDigit("1101080000000")).toThrow(RangeError);
    expect(() => registrationNumberCheckDigit("1101080000000A")).toThrow(RangeError);
  });

  it("every check digit 0–9 occurs, and exactly one completes each prefix", () => {
    const seen = new Set<string>();
    for (let n = 0; n < 200; n++) {
      const prefix = `500103${String(n * 7919).padStart(8, "0")}`;
      const check = registrationNumberCheckDigit(prefix);
      seen.add(check);
      const valid = "0123456789".split("").filter((d) => isValidRegistrationNumber(prefix + d));
      expect(valid).toEqual([check]);
    }
    expect([...seen].sort().join("")).toBe("0123456789");
  });

  it("validates: normalised input, the position that is wrong, what it should be", () => {
    expect(validateRegistrationNumber(" 110108-000000016 ")).toEqual({ valid: true, number: "110108000000016" });
    expect(validateRegistrationNumber("１１０１０８０００００００１６")).toEqual({ valid: true, number: "110108000000016" });
    expect(validateRegistrationNumber("110108000000017")).toMatchObject({ valid: false, problems: [{ kind: "check", position: 15, expected: "6", message: expect.stringContaining("应为“6”") }] });
    expect(validateRegistrationNumber("11010800000001")).toMatchObject({ valid: false, problems: [{ kind: "length", message: expect.stringContaining("15位") }] });
    expect(validateRegistrationNumber("11010800000A016")).toMatchObject({ valid: false, problems: [{ kind: "format", position: 12 }] });
    expect(isValidRegistrationNumber("91500103MA5U3K9L2B")).toBe(false);
  });
});
