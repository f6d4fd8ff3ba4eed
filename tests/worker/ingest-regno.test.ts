/**
 * The 15-digit 工商注册号 at ingest (issue 11): accepted as a subject column (工商注册号 / 注册号 / CF_XDR_GSZC …),
 * validated (ISO 7064 MOD 11,10) with a per-field rejection, and stored as subjects.reg_no so lookups can resolve an
 * old registration number.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { registrationNumberCheckDigit } from "../../shared/identifiers";
import { PENALTY_CODES, PENALTY_HEADERS, SOURCE_UNIT, csvText, enterpriseCode, penaltyRow } from "../fixtures/ingest/rows";
import { report, upload } from "../fixtures/ingest/worker";
import { TODAY } from "./fixtures";

const regNo = (n: number) => {
  const first = `500103${String(n).padStart(8, "0")}`;
  return first + registrationNumberCheckDigit(first);
};
const wrongCheck = (n: number) => regNo(n).slice(0, 14) + String((Number(regNo(n)[14]) + 1) % 10);
const regNoOf = async (code: string) => (await env.DB.prepare("SELECT reg_no FROM subjects WHERE code = ?1").bind(code).first<{ reg_no: string | null }>())?.reg_no;

describe("工商注册号", () => {
  it("in a penalties file: stored on the subject, a wrong check digit rejects the row naming the column", async () => {
    const header = [...PENALTY_HEADERS, "工商注册号"];
    const rows = [
      { ...penaltyRow(501, TODAY), 工商注册号: regNo(501) },
      { ...penaltyRow(502, TODAY), 工商注册号: wrongCheck(502) },
      { ...penaltyRow(503, TODAY), 工商注册号: enterpriseCode(503) },
      { ...penaltyRow(504, TODAY), 工商注册号: "" },
    ] as Record<string, string>[];
    const res = await upload("penalties", csvText(header, rows));
    expect(res.body).toMatchObject({ accepted: 2, rejected: 2 });
    expect(res.body.rejectedRows).toEqual([
      { row: 2, field: "工商注册号", rule: "reg_no", message: expect.stringContaining(`应为“${regNo(502)[14]}”`) },
      { row: 3, field: "工商注册号", rule: "reg_no", message: expect.stringContaining("这是统一社会信用代码") },
    ]);
    expect(await regNoOf(enterpriseCode(501))).toBe(regNo(501));
    expect(await regNoOf(enterpriseCode(504))).toBeNull();
    expect((await report(res.body.batchId)).body.rejectedByRule).toEqual({ reg_no: 2 });
  });

  it("under its 双公示 code and the legacy name, no longer listed as a column not stored", async () => {
    const codes = [...PENALTY_HEADERS.map((h) => PENALTY_CODES[h]), "CF_XDR_GSZC"];
    const row = penaltyRow(505, TODAY) as Record<string, string>;
    const res = await upload("penalties", csvText(codes, [{ ...Object.fromEntries(PENALTY_HEADERS.map((h) => [PENALTY_CODES[h], row[h] ?? ""])), CF_XDR_GSZC: regNo(505) }]));
    expect(res.body).toMatchObject({ accepted: 1 });
    expect(await regNoOf(enterpriseCode(505))).toBe(regNo(505));
    const legacy = await upload("penalties", csvText([...PENALTY_HEADERS, "行政相对人代码_3(工商登记码)"], [{ ...penaltyRow(506, TODAY), "行政相对人代码_3(工商登记码)": regNo(506) } as Record<string, string>]));
    expect(legacy.body).toMatchObject({ accepted: 1 });
    expect(await regNoOf(enterpriseCode(506))).toBe(regNo(506));
    expect((await report(legacy.body.batchId)).body.ignoredColumns).toEqual([]);
  });

  it("a subjects register sets it; a later file without the column keeps it; a record row fills a provisional subject's", async () => {
    const code = enterpriseCode(507);
    const subject = (extra: Record<string, string>) =>
      JSON.stringify([{ subjectName: "重庆测试注册号有限公司", subjectCode: code, subjectKind: "企业", sourceUnitName: SOURCE_UNIT.name, sourceUnitCode: SOURCE_UNIT.code, ...extra }]);
    expect((await upload("subjects", subject({ 注册号: regNo(507) }), { type: "application/json" })).body).toMatchObject({ accepted: 1, inserted: 1 });
    expect(await regNoOf(code)).toBe(regNo(507));
    expect((await upload("subjects", subject({ address: "重庆市渝中区民族路1号" }), { type: "application/json" })).body).toMatchObject({ accepted: 1, updated: 1 });
    expect(await regNoOf(code)).toBe(regNo(507));
    expect((await upload("subjects", subject({ address: "重庆市渝中区民族路1号" }), { type: "application/json" })).body).toMatchObject({ unchanged: 1 });

    // A penalty for an unknown subject makes it provisional; a later row with the number fills it in.
    await upload("penalties", csvText([...PENALTY_HEADERS], [penaltyRow(508, TODAY) as Record<string, string>]));
    expect(await regNoOf(enterpriseCode(508))).toBeNull();
    await upload("penalties", csvText([...PENALTY_HEADERS, "注册号"], [{ ...penaltyRow(509, TODAY, { 统一社会信用代码: enterpriseCode(508) }), 注册号: regNo(508) } as Record<string, string>]));
    expect(await regNoOf(enterpriseCode(508))).toBe(regNo(508));
  });
});
