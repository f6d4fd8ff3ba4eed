/**
 * Who may see what, decided in one place. The foundation serves the public only; the roles issue adds
 * officers (shared information within their scenes) and admins (repaired information too).
 */
import { LIST_TYPES, LIST_TYPE_INFO, type ListType } from "../../shared/domain/lists";

export type Viewer = { role: "public" };

export const PUBLIC_VIEWER: Viewer = { role: "public" };

/** List types whose entries this viewer may see. The public sees the lists published by law (依法公开). */
export function visibleListTypes(_viewer: Viewer): ListType[] {
  return LIST_TYPES.filter((t) => LIST_TYPE_INFO[t].publicDisclosure);
}

/**
 * SQL condition (on alias `r`) for records this viewer may see on `today` (bound as `?today`): active
 * (not repaired, revoked or withdrawn) and inside the publication window. Checked at read time so a
 * late expiry job never shows an expired record.
 */
export const PUBLIC_RECORD_CONDITION = "r.status = 'active' AND (r.publish_until IS NULL OR r.publish_until >= ?1)";

/** SQL condition (on alias `l`) for list entries in force on `today` (bound as `?1`). */
export const LIST_ENTRY_IN_FORCE_CONDITION = "l.status = 'listed' AND (l.planned_removal_on IS NULL OR l.planned_removal_on >= ?1)";
