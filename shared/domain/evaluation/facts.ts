/**
 * What an evaluation reads about one subject: plain values gathered from D1 (worker/evaluation/queries.ts)
 * or built by hand in tests. Repaired records and list entries are never part of the facts: repaired
 * information is not shared again, and a repair updates the evaluation (DOMAIN.md §5).
 */
import type { ListEntryStatus, ListType } from "../lists";
import type { Severity } from "../penalties";

export interface SubjectFact {
  id: number;
  code: string;
  name: string;
  registeredOn: string | null;
  registrationStatus: string;
  industryCode: string | null;
}

export interface RecordFact {
  id: number;
  category: string;
  docNo: string;
  title: string | null;
  basis: string | null;
  kinds: string | null;
  authorityName: string;
  decidedOn: string;
  validUntil: string | null;
  severity: Severity | null;
  publishUntil: string | null;
  /** active, or revoked / withdrawn (撤销、撤回: e.g. after an upheld objection) — those never count. */
  status: string;
  objectionOpen: boolean;
}

export interface ListEntryFact {
  id: number;
  listType: ListType;
  docNo: string;
  reason: string;
  listedOn: string;
  plannedRemovalOn: string | null;
  removedOn: string | null;
  status: ListEntryStatus;
}

export interface CommitmentFact {
  id: number;
  docNo: string;
  matter: string;
  status: "pending" | "fulfilled" | "breached";
  committedOn: string;
  resolvedOn: string | null;
}

export interface SubjectFacts {
  subject: SubjectFact;
  records: RecordFact[];
  listEntries: ListEntryFact[];
  commitments: CommitmentFact[];
}
