/**
 * 行政许可 (licences): the XK_ mirrors of the 双公示 standard; 许可类别 普通/特许/认可/核准/登记/其他; 有效期至 2099/12/31 = 长期.
 * Written into `records` (record-plan.ts).
 */
import { type FieldSpec, ID, SOURCE_FIELDS, SUBJECT_CODES, withCodes } from "../columns";
import { LICENCE_KINDS, enumTable, parseEnum } from "../fields";
import { RECORD_KIND, type RecordRow } from "../record-plan";
import { defineKind } from "../spec";
import { type RowReader, type Validated, docNo, readAuthority, readProvenance, readSubject, result } from "../validate";

/** 行政许可: the XK_ mirrors; 许可类别 普通/特许/认可/核准/登记/其他; 有效期至 2099/12/31 = 长期. */
const LICENCE_FIELDS: FieldSpec[] = [
  ...withCodes("XK", SUBJECT_CODES),
  { name: "docName", label: "行政许可决定文书名称", code: "XK_XKWS", aliases: ["许可决定文书名称", "审批类别", "项目名称"], maxLength: 200 },
  { name: "docNo", label: "行政许可决定文书号", code: "XK_WSH", aliases: ["许可决定书文号", "许可文书号"], maxLength: 100 },
  { name: "licenceKind", label: "许可类别", code: "XK_XKLB", maxLength: 40 },
  { name: "certName", label: "许可证书名称", code: "XK_XKZS", maxLength: 200 },
  { name: "licenceNo", label: "许可编号", code: "XK_XKBH", aliases: ["许可证书编号"], maxLength: 200 },
  { name: "content", label: "许可内容", code: "XK_NR", maxLength: 5000 },
  { name: "decidedOn", label: "许可决定日期", code: "XK_JDRQ", aliases: ["决定日期"], maxLength: 40 },
  { name: "validFrom", label: "有效期自", code: "XK_YXQZ", maxLength: 40 },
  { name: "validUntil", label: "有效期至", code: "XK_YXQZI", maxLength: 40 },
  { name: "authorityName", label: "许可机关", code: "XK_XKJG", aliases: ["许可机关名称"], maxLength: 200, default: "authorityName" },
  { name: "authorityCode", label: "许可机关统一社会信用代码", code: "XK_XKJGDM", aliases: ["许可机关代码"], maxLength: 40, default: "authorityCode", ...ID },
  { name: "licenceStatus", label: "当前状态", code: "XK_ZT", maxLength: 20 },
  ...SOURCE_FIELDS("XK"),
  { name: "remark", label: "备注", code: "BZ", maxLength: 2000 },
];

const REQUIRED = [
  ["subjectName"], ["subjectCode", "idNumber"], ["docNo"], ["licenceKind"], ["content"], ["decidedOn"], ["validFrom"], ["validUntil"],
  ["authorityName"], ["authorityCode"], ["sourceUnitName"], ["sourceUnitCode"],
];

const LICENCE_STATUS = enumTable({ active: ["有效", "1", "正常"], revoked: ["无效", "2", "撤销", "注销", "已撤销", "已注销"] });

function validate(r: RowReader): Validated<RecordRow> {
  const subject = readSubject(r, "subjectCategory");
  const doc = docNo(r);
  const docName = r.text("docName");
  const licenceKind = r.parsed("licenceKind", true, (t, l) => parseEnum(t, l, LICENCE_KINDS));
  const certName = r.text("certName");
  const licenceNo = r.text("licenceNo");
  const content = r.text("content", true);
  const decidedOn = r.date("decidedOn", true, { notFuture: true });
  const validFrom = r.date("validFrom", true);
  const validUntil = r.date("validUntil", "有效期至必填：长期有效请填写 2099/12/31", { longTerm: true });
  const authority = readAuthority(r);
  const status = r.parsed("licenceStatus", false, (t, l) => parseEnum(t, l, LICENCE_STATUS)) ?? "active";
  const provenance = readProvenance(r);
  const remark = r.text("remark");
  if (validFrom && validUntil && validUntil < validFrom) r.problem("validUntil", "date_order", `有效期至（${validUntil}）早于有效期自（${validFrom}）`);
  return result(r, () => {
    if (!subject || !doc || !decidedOn || !authority || !provenance || !licenceKind || !validUntil) return null;
    return {
      category: "licence",
      subject,
      docNo: doc,
      title: certName ?? docName,
      facts: null,
      basis: null,
      kinds: licenceKind,
      content,
      fineWan: null,
      confiscatedWan: null,
      licenceRef: licenceNo,
      ...authority,
      decidedOn,
      validFrom,
      validUntil,
      severity: null,
      publishUntil: null,
      repairableFrom: null,
      status,
      remark,
      publicationAdjusted: false,
      legacy: false,
      publishMinor: false,
      needsReview: false,
      ...provenance,
    };
  });
}

export const licences = defineKind<RecordRow>({
  kind: "licences",
  batchKind: "licences",
  category: "licence",
  columnPrefix: "XK",
  fields: LICENCE_FIELDS,
  required: REQUIRED,
  validate,
  ...RECORD_KIND,
});
