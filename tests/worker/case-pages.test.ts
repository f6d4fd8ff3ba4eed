/**
 * The public repair and objection forms look information up by code and document number: they must never
 * show what is no longer published (repaired, withdrawn, past its window).
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { insertPenalty, insertSubject, uscc } from "./fixtures";

const CODE = uscc("500103");

beforeAll(async () => {
  const id = await insertSubject({ code: CODE, name: "重庆渝信商贸有限公司" });
  await insertPenalty(id, { docNo: "渝中市监处罚〔2026〕21号", monthsAgo: 2, fineWan: 5, status: "repaired" });
  await insertPenalty(id, { docNo: "渝中市监处罚〔2024〕9号", monthsAgo: 14, fineWan: 5 }); // window ended
  await insertPenalty(id, { docNo: "渝中市监处罚〔2026〕22号", monthsAgo: 2, fineWan: 5 }); // public
});

const page = async (path: string, docNo: string) => {
  const res = await exports.default.fetch(`http://x${path}?${new URLSearchParams({ subjectCode: CODE, docNo })}`);
  return { status: res.status, html: await res.text() };
};

describe("/repair and /objection lookups", () => {
  for (const path of ["/repair", "/objection"]) {
    it(`${path} shows a published penalty`, async () => {
      const { status, html } = await page(path, "渝中市监处罚〔2026〕22号");
      expect(status).toBe(200);
      expect(html).toContain("渝中市监处罚〔2026〕22号");
      expect(html).toContain("未按规定公示信息");
    });
    for (const docNo of ["渝中市监处罚〔2026〕21号", "渝中市监处罚〔2024〕9号"]) {
      it(`${path} does not show ${docNo}, which is no longer published`, async () => {
        const { status, html } = await page(path, docNo);
        expect(status).toBe(404);
        expect(html).toContain("不在公示中");
        expect(html).not.toContain("未按规定公示信息");
      });
    }
  }
});
