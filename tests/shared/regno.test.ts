import { describe, expect, it } from "vitest";
import { isValidRegistrationNumber, registrationNumberCheckDigit } from "../../shared/identifiers";


describe("工商注册号 (ISO 7064 MOD 11,10)", () => {
  it("accepts the published example and rejects every other last digit", () => {
    expect(isValidRegistrationNumber("110108000000016")).toBe(true);
    for (let d = 0; d <= 9; d++) if (d !== 6) expect(isValidRegistrationNumber(`11010800000001${d}`)).toBe(false);
  });

  it("computes the same digit as MOD 11,10 does for other systems using it (Croatian OIB examples)", () => {
    // OIB numbers are 10 digits + one MOD 11,10 check digit; the algorithm does not depend on the length.
    const generic = (body: string) => {
      let p = 10;
      for (const ch of body) p = (2 * ((p + Number(ch)) % 10 || 10)) % 11;
      return String((11 - p) % 10);
    };
    expect(generic("6943515153")).toBe("0");
    expect(generic("9457740319")).toBe("4");
    for (const body of ["50010300012345", "31011500000000", "44030110309751", "11010800000001"]) {
      expect(registrationNumberCheckDigit(body)).toBe(generic(body));
    }
  });

  it("only takes 15 digits", () => {
    expect(isValidRegistrationNumber("11010800000001")).toBe(false);
    expect(isValidRegistrationNumber("1101080000000160")).toBe(false);
    expect(isValidRegistrationNumber("11010800000001X")).toBe(false);
    expect(() => registrationNumberCheckDigit("1101080000000")).toThrow(RangeError);
  });
});
