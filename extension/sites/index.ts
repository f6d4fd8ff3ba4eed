/** Every site adapter, most specific first; adding a kind of page is adding a file and a line here. */
import type { SiteAdapter } from "../core/page-kinds";
import { approval } from "./approval";
import { bidders } from "./bidders";
import { generic } from "./generic";
import { qualification } from "./qualification";

export const SITE_ADAPTERS: readonly SiteAdapter[] = [approval, qualification, bidders, generic];

/** The adapters that apply to a page, generic last. */
export function adaptersFor(document: Document): SiteAdapter[] {
  return SITE_ADAPTERS.filter((adapter) => adapter.appliesTo(document));
}
