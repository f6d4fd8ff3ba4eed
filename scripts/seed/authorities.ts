/**
 * Deciding and registering bodies: their shape, codes for each agency's bodies, the Fujian registrars.
 */
import { usccFromParts } from "../../shared/identifiers/index";
import { pad } from "./codes";
import { AGENCIES, AGENCY_KEYS, type AgencyKey } from "./data";

export interface Authority {
  name: string;
  code: string;
  /** Short prefix for document numbers: 渝 (city) or the district short name. */
  short: string;
}

export interface Court extends Authority {
  /** 案号 court code: 渝01, 渝0112 … */
  caseCode: string;
}

export const FUJIAN_MARKET: Readonly<Record<string, Authority>> = {
  "350100": { name: "福州市市场监督管理局", code: usccFromParts("1", "1", "350100", "MB1A0001"), short: "榕" },
  "350200": { name: "厦门市市场监督管理局", code: usccFromParts("1", "1", "350200", "MB1A0002"), short: "厦" },
};

export function agencyBody(key: AgencyKey, slot: number): string {
  const k = AGENCY_KEYS.indexOf(key);
  return AGENCIES[key].modern ? `MB1${pad(k * 100 + slot, 5)}` : pad(800_000 + k * 100 + slot, 8);
}
