/**
 * The public repair and objection forms look information up by code and document number: they must never
 * show what is no longer published (repaired, withdrawn, past its window), nor tell it apart from information that
 * never existed (issue 11: no existence oracle) — in the pages (GET and the POST find step) and in the APIs.
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

const UNKNOWN_DOC = "渝中市监处罚〔2026〕999号";

/** The find step as the page's form sends it: a same-origin POST, so the code never travels in the URL. */
const post = async (path: string, docNo: string) => {
  const res = await exports.default.fetch(`http://x${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://x" },
    body: new URLSearchParams({ step: "find", subjectCode: CODE, docNo }),
  });
  return { status: res.status, html: await res.text() };
};

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
        expect(html).not.toContain("未按规定公示信息");
        // Byte for byte the answer for a document number that never existed (apart from the number echoed back).
        const unknown = await page(path, UNKNOWN_DOC);
        expect(unknown.status).toBe(404);
        expect(html.replaceAll(docNo, "〔文书号〕")).toBe(unknown.html.replaceAll(UNKNOWN_DOC, "〔文书号〕"));
      });

      it(`${path}'s find form posts, and answers ${docNo} exactly like an unknown document number`, async () => {
        const found = await post(path, "渝中市监处罚〔2026〕22号");
        expect(found.status).toBe(200);
        expect(found.html).toContain("未按规定公示信息");
        const gone = await post(path, docNo);
        const unknown = await post(path, UNKNOWN_DOC);
        expect(gone.status).toBe(404);
        expect(gone.html.replaceAll(docNo, "〔文书号〕")).toBe(unknown.html.replaceAll(UNKNOWN_DOC, "〔文书号〕"));
      });

      it(`the API behind ${path} answers ${docNo} exactly like an unknown document number`, async () => {
        const api = path === "/repair" ? "/api/v1/repairs" : "/api/v1/objections";
        const filing = (d: string) => ({ subjectCode: CODE, docNo: d, applicantName: "王小明", applicantContact: "13812345678", statement: "已整改", reason: "事实有误", commitmentAccepted: true });
        const send = async (d: string) => {
          const res = await exports.default.fetch(`http://x${api}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(filing(d)) });
          return { status: res.status, body: await res.text() };
        };
        const gone = await send(docNo);
        const unknown = await send(UNKNOWN_DOC);
        expect(gone.status).toBe(404);
        expect(gone.body.replaceAll(docNo, "〔文书号〕")).toBe(unknown.body.replaceAll(UNKNOWN_DOC, "〔文书号〕"));
      });
    }
  }
});
