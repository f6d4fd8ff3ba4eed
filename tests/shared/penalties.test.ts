import { describe, expect, it } from "vitest";
import { classifyPenalty, isPublishedToPublic } from "../../shared/domain/penalties";

describe("轻微 penalties are in principle not published (国办发〔2025〕22号)", () => {
  it("a 轻微 penalty is published only when the deciding authority marked it", () => {
    const warning = classifyPenalty({ kinds: ["警告"] });
    expect(warning).toBe("minor");
    expect(isPublishedToPublic({ severity: warning, publishMinor: false })).toBe(false);
    expect(isPublishedToPublic({ severity: warning, publishMinor: true })).toBe(true);
  });

  it("一般 and 严重 penalties, and records without a class (licences), are published as before", () => {
    for (const severity of ["general", "serious", null] as const) expect(isPublishedToPublic({ severity, publishMinor: false }), String(severity)).toBe(true);
  });
});
