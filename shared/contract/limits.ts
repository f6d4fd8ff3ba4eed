/**
 * Limits of the API contract as plain constants, without zod: the extension's content script imports
 * them and must not pull the schemas (and zod) into every page it runs on.
 */

/** The most items one check may carry; more is refused with 413 (split the batch). */
export const MAX_CHECK_ITEMS = 100;
