/**
 * Subject codes: USCCs, Fujian pilot codes that fail the position-18 check, and 18-digit ID numbers.
 * Bijective scrambles of the subject id guarantee uniqueness without lookups.
 */
import { USCC_ALPHABET, idCheckChar, usccFromParts } from "../../shared/identifiers/index";
import { dayNum, fromDay } from "./calendar";
import type { Rng } from "./rng";

/** 2015-10-01: the USCC reform; codes issued later carry MA/MJ/MB bodies, earlier ones digits. */
const USCC_REFORM_DAY = dayNum("2015-10-01");

export function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function base31(n: number, width: number): string {
  let s = "";
  for (let i = 0; i < width; i++) {
    s = USCC_ALPHABET.charAt(n % 31) + s;
    n = Math.floor(n / 31);
  }
  return s;
}

const DIGIT_SPACE = 100_000_000; // 8-digit organisation-code bodies
const BASE31_SPACE = 887_503_681; // 31^6: MA/MJ/MB + 6 characters
const ID_DAYS_FROM = dayNum("1955-01-01");
const ID_DAYS = dayNum("2000-12-31") - ID_DAYS_FROM + 1; // 16,802
export const ID_SPACE = ID_DAYS * 1000;

function digitsBody(i: number): string {
  return pad((i * 7_654_321 + 10_203_049) % DIGIT_SPACE, 8);
}

function base31Body(prefix: string, i: number): string {
  return prefix + base31((i * 1_234_567 + 98_765_432) % BASE31_SPACE, 6);
}

/** A valid USCC for subject `i`: unique because the body is a bijection of the id. */
export function subjectUscc(dept: string, cat: string, region: string, i: number, registeredOn: string): string {
  const modern = dayNum(registeredOn) >= USCC_REFORM_DAY;
  const prefix = dept === "5" ? "MJ" : dept === "1" ? "MB" : "MA";
  return usccFromParts(dept, cat, region, modern ? base31Body(prefix, i) : digitsBody(i));
}

/** A Fujian pilot code: valid parts, then position 18 deliberately changed. */
export function legacyUscc(region: string, i: number, rng: Rng): string {
  const valid = usccFromParts("9", "1", region, base31Body("M1", i));
  const last = USCC_ALPHABET.indexOf(valid.charAt(17));
  return valid.slice(0, 17) + USCC_ALPHABET.charAt((last + 1 + rng.int(0, 29)) % 31);
}

/** A valid 18-digit ID number for subject `i`: (birth day, sequence) is a bijection of the id. */
export function personIdNumber(region: string, i: number): { id: string; male: boolean; birth: string } {
  const j = (i * 1_000_003 + 4_242_421) % ID_SPACE;
  const birth = fromDay(ID_DAYS_FROM + Math.floor(j / 1000));
  const seq = pad(j % 1000, 3);
  const first17 = `${region}${birth.replace(/-/g, "")}${seq}`;
  return { id: first17 + idCheckChar(first17), male: Number(seq.charAt(2)) % 2 === 1, birth };
}
