/**
 * The upload kinds: one spec per kind, one line each. Typed against the contract's INGEST_KINDS, so a kind the
 * contract lists without a spec here (or a spec for a kind it does not list) fails the typecheck. Adding a kind:
 * docs/architecture.md, “Adding an upload kind”.
 */
import type { IngestKind } from "../../../shared/contract/ingest";
import type { KindSpec } from "../spec";
import { commitments } from "./commitments";
import { licences } from "./licences";
import { listEntries } from "./list-entries";
import { listRemovals } from "./list-removals";
import { penalties } from "./penalties";
import { subjects } from "./subjects";

export const KINDS = {
  subjects,
  penalties,
  licences,
  "list-entries": listEntries,
  "list-removals": listRemovals,
  commitments,
} satisfies { readonly [K in IngestKind]: KindSpec<unknown> };

/** The spec of a kind; its rows are opaque to the shared code (only the spec's own functions read them). */
export function kindSpec(kind: IngestKind): KindSpec<unknown> {
  return KINDS[kind];
}
