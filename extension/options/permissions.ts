/**
 * Host permissions from the options page. `request` must run inside the click that asked for it, so it is
 * called before anything else is awaited; removing needs no click.
 */
import { browser } from "wxt/browser";
import { INSTALL_TIME_ORIGINS } from "../background/registration";

/** Asks for a host permission (no prompt for the install-time hosts). Resolves false when refused. */
export function requestOrigin(origin: string): Promise<boolean> {
  if (INSTALL_TIME_ORIGINS.includes(origin)) return Promise.resolve(true);
  return browser.permissions.request({ origins: [origin] });
}

/** Gives a host permission back unless another enabled site or the worker still needs it. */
export async function removeOrigin(origin: string, stillNeeded: readonly string[]): Promise<boolean> {
  if (INSTALL_TIME_ORIGINS.includes(origin) || stillNeeded.includes(origin)) return false;
  return browser.permissions.remove({ origins: [origin] });
}
