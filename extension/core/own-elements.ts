/**
 * The elements 查一查 puts into a page. The scanner never looks inside them and the MutationObserver
 * ignores them; ui/ creates them. One list, so a new one cannot be scanned by mistake.
 */
export const BADGE_TAG = "chayicha-badge";
export const TOOLBAR_TAG = "chayicha-toolbar";
export const BANNER_TAG = "chayicha-banner";

export const OWN_TAGS: ReadonlySet<string> = new Set([BADGE_TAG, TOOLBAR_TAG, BANNER_TAG].map((tag) => tag.toUpperCase()));
/** For `closest()`: inside one of our elements. */
export const OWN_SELECTOR = [BADGE_TAG, TOOLBAR_TAG, BANNER_TAG].join(", ");
