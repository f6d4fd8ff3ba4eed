/**
 * A site adapter: one kind of host page (refined-github's model — one file per kind, declaring where it
 * applies and how it finds mentions). The page controller runs every adapter that applies, most specific
 * first; the generic adapter applies everywhere and takes what the others left.
 */
import type { Found, Mention } from "../content/mentions";

export type PageKind = "bidders" | "qualification" | "approval" | "generic";

export interface SiteAdapter {
  kind: PageKind;
  /** Shown in the toolbar: which kind of page 查一查 recognised. */
  label: string;
  /** Where it applies: what the page looks like (checked on start). */
  appliesTo(document: Document): boolean;
  /** Names the codes this kind of page holds; returns nothing for codes it does not recognise. */
  mentions(found: readonly Found[]): Mention[];
  /** Check the subjects as soon as they are found, without a click (approval forms). */
  checkOnLoad: boolean;
}
