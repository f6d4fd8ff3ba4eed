/**
 * The shared vocabulary of the page side: a mention (a code found in the page, where it stands, the name
 * next to it) and a site adapter (one kind of host page). content/ finds and places mentions, sites/
 * names them, ui/ draws them; all three import these types from here, so the arrows run one way
 * (sites → content → ui, and each → core).
 *
 * A site adapter follows refined-github's model: one file per kind, declaring where it applies and how it
 * finds mentions. The page controller runs every adapter that applies, most specific first; the generic
 * adapter applies everywhere and takes what the others left.
 */

/** Every kind of page the extension recognises; one adapter each (extension/sites/<kind>.ts). */
export type PageKind = "bidders" | "qualification" | "approval" | "generic";

export type FieldElement = HTMLInputElement | HTMLTextAreaElement;
export type Anchor = Text | FieldElement;

export interface Mention {
  code: string;
  name?: string;
  anchor: Anchor;
  /**
   * applicant: the applicant of an approval form (checked on load, may raise the banner); winner: a bidder
   * the table marks as 中标 (「监控中标人」 watches these).
   */
  role?: "applicant" | "winner";
}

/** A code in place, before an adapter names it. */
export interface Found {
  code: string;
  anchor: Anchor;
  /** The text around the code, and where the code starts in it (for a name written just before). */
  text: string;
  index: number;
}

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
