import type { ListEntryBase } from "../../shared/contract/subjects";
import { LIST_TYPE_INFO, type ListType } from "../../shared/domain/lists";
import type { z } from "zod";

/** The columns of a `list_entries` row that every answer shows. */
export interface ListEntryColumns {
  list_type: string;
  reason: string;
  legal_basis: string | null;
  authority_name: string;
  authority_code: string;
  doc_no: string;
  listed_on: string;
  planned_removal_on: string | null;
}

/**
 * A list entry as lookups, checks and reports show it: the list's name and polarity from the catalogue of
 * lists, the rest from the row. Callers add what only they show (objection mark, repaired flag).
 */
export function listEntryFields(row: ListEntryColumns): z.infer<typeof ListEntryBase> {
  const info = LIST_TYPE_INFO[row.list_type as ListType];
  return {
    listType: row.list_type as ListType,
    listName: info.name,
    polarity: info.polarity,
    reason: row.reason,
    legalBasis: row.legal_basis,
    authority: { name: row.authority_name, code: row.authority_code },
    docNo: row.doc_no,
    listedOn: row.listed_on,
    plannedRemovalOn: row.planned_removal_on,
  };
}
