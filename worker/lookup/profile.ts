import type { SubjectProfile } from "../../shared/contract";
import { SUBJECT_KIND_LABEL } from "../../shared/contract";
import { SEVERITY_LABEL } from "../../shared/domain/penalties";
import { maskIdNumber, regionName, validateUscc } from "../../shared/identifiers";
import type { DataVersionRow, ListEntryRow, RecordRow, SubjectRow } from "./queries";
import { listEntryFields } from "../lists/entry";
import { maskPersonalNumbers } from "../visibility";

/** The date that stands for 长期 (long-term validity) in 双公示 data. */
export const LONG_TERM = "2099-12-31";

/**
 * The reference a subject is logged and counted under in the query log: its USCC, or for a natural person
 * the masked ID number (the log never holds a full ID number).
 */
export function auditSubjectRef(subject: Pick<SubjectRow, "code" | "code_type">): string {
  return subject.code_type === "id_number" ? maskIdNumber(subject.code) : subject.code;
}

/**
 * Pure mapping of database rows to the profile; no I/O. Natural persons' ID numbers are masked here, and any
 * ID number left in free text is masked by the public guard (maskPersonalNumbers).
 */
export function toPublicProfile(
  rows: { subject: SubjectRow; records: RecordRow[]; lists: ListEntryRow[]; dataVersion: DataVersionRow | null; officialQueries90d: number },
  today: string,
  viewerRole: SubjectProfile["viewerRole"],
): SubjectProfile {
  const { subject } = rows;
  const isPerson = subject.code_type === "id_number";
  const lists = rows.lists.map((l) => ({ ...listEntryFields(l), objectionOpen: l.objection_open === 1, repaired: l.status === "repaired" }));
  const penalties = rows.records
    .filter((r) => r.category === "penalty")
    .map((r) => ({
      docNo: r.doc_no,
      violation: r.title,
      facts: r.facts,
      basis: r.basis,
      kinds: splitKinds(r.kinds),
      content: r.content,
      fineWan: r.fine_wan,
      confiscatedWan: r.confiscated_wan,
      authority: { name: r.authority_name, code: r.authority_code },
      decidedOn: r.decided_on,
      severity: r.severity,
      severityLabel: r.severity ? SEVERITY_LABEL[r.severity] : null,
      publishUntil: r.publish_until,
      objectionOpen: r.objection_open === 1,
      repaired: r.status === "repaired",
    }));
  const licences = rows.records
    .filter((r) => r.category === "licence")
    .map((r) => {
      const longTerm = r.valid_until === LONG_TERM;
      return {
        docNo: r.doc_no,
        title: r.title,
        category: r.kinds,
        content: r.content,
        licenceNo: r.licence_ref,
        authority: { name: r.authority_name, code: r.authority_code },
        decidedOn: r.decided_on,
        validFrom: r.valid_from,
        validUntil: longTerm ? null : r.valid_until,
        longTerm,
        expired: !longTerm && r.valid_until !== null && r.valid_until < today,
      };
    });
  return maskPersonalNumbers({
    code: auditSubjectRef(subject),
    codeType: subject.code_type,
    checksumLegacy: subject.checksum_legacy === 1,
    kind: subject.kind as SubjectProfile["kind"],
    kindLabel: SUBJECT_KIND_LABEL[subject.kind as SubjectProfile["kind"]] ?? subject.kind,
    name: subject.name,
    legalRepresentative: isPerson ? null : subject.legal_representative,
    industry: subject.industry_code && subject.industry ? { code: subject.industry_code, name: subject.industry } : null,
    region: subject.region_code ? { code: subject.region_code, name: regionName(subject.region_code) ?? subject.region_code } : null,
    registeredOn: subject.registered_on,
    registrationStatus: subject.registration_status,
    registeredCapitalWan: subject.registered_capital_wan,
    address: isPerson ? null : subject.address,
    codeInfo: isPerson ? null : decodeCodeInfo(subject.code),
    lists,
    penalties,
    licences,
    summary: {
      negativeLists: lists.filter((l) => l.polarity === "negative" && !l.repaired).length,
      redList: lists.some((l) => l.polarity === "positive" && !l.repaired),
      publicPenalties: penalties.filter((p) => !p.repaired).length,
    },
    officialQueries90d: rows.officialQueries90d,
    viewerRole,
    asOf: today,
    dataVersion: rows.dataVersion ? { batchId: rows.dataVersion.id, receivedAt: rows.dataVersion.received_at } : null,
  });
}

function splitKinds(kinds: string | null): string[] {
  return kinds ? kinds.split(/[；;,，]/).map((k) => k.trim()).filter(Boolean) : [];
}

function decodeCodeInfo(code: string): SubjectProfile["codeInfo"] {
  const result = validateUscc(code, { authoritative: true });
  const parts = result.parts;
  if (!parts) return null;
  return {
    registrationDepartment: parts.registrationDepartment.name,
    category: parts.category.name,
    region: parts.region.name ?? null,
  };
}
