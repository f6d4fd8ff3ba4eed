/**
 * 双公示 records: administrative penalties (with their publication window and repair status) and licences.
 */
import { NEVER_REPAIRABLE_EARLY_KINDS, classifyPenalty, type Severity } from "../../../shared/domain/penalties";
import type { Authority } from "../authorities";
import { LONG_TERM, addDays, addMonths, cnDate, dayBetween, dayNum, fromDay, windowFor } from "../calendar";
import { pad } from "../codes";
import type { SeedContext, SubjectInfo } from "../context";
import { AGENCIES, LICENCE_TEMPLATES, TRADE_NAME_CHARS, districtShort, type LicenceTemplate, type PenaltyOption, type PenaltyTemplate } from "../data";
import { DISTRICT_NAME, districtName } from "../names";
import type { SeedRow } from "../options";
import { type Rng, Weighted } from "../rng";
import { reportedBy } from "./lineage";

/** Yuan amount rounded the way decisions state it. */
function niceYuan(yuan: number): number {
  if (yuan < 1000) return Math.max(50, Math.round(yuan / 50) * 50);
  if (yuan < 100_000) return Math.round(yuan / 100) * 100;
  return Math.round(yuan / 1000) * 1000;
}

const toWan = (yuan: number): number => Math.round(yuan) / 10000;

interface RecordFields {
  subject_id: number;
  category: "penalty" | "licence";
  doc_no: string;
  title: string;
  facts: string | null;
  basis: string | null;
  kinds: string;
  content: string | null;
  fine_wan: number | null;
  confiscated_wan: number | null;
  licence_ref: string | null;
  authority: Authority;
  decided_on: string;
  valid_from: string | null;
  valid_until: string | null;
  severity: Severity | null;
  publish_until: string | null;
  repairable_from: string | null;
  status: "active" | "repaired" | "revoked" | "withdrawn";
  objection_open: number;
  remark: string | null;
}

function recordRow(ctx: SeedContext, f: RecordFields): SeedRow {
  return reportedBy(ctx, f.authority, {
    id: ctx.nextRecordId++,
    subject_id: f.subject_id,
    category: f.category,
    doc_no: f.doc_no,
    title: f.title,
    facts: f.facts,
    basis: f.basis,
    kinds: f.kinds,
    content: f.content,
    fine_wan: f.fine_wan,
    confiscated_wan: f.confiscated_wan,
    licence_ref: f.licence_ref,
    authority_name: f.authority.name,
    authority_code: f.authority.code,
    decided_on: f.decided_on,
    valid_from: f.valid_from,
    valid_until: f.valid_until,
    severity: f.severity,
    publish_until: f.publish_until,
    repairable_from: f.repairable_from,
    status: f.status,
    objection_open: f.objection_open,
    remark: f.remark,
    version: 1,
  });
}

const OPTION_TABLES = new WeakMap<PenaltyTemplate, Weighted<PenaltyOption>>();
function optionTable(t: PenaltyTemplate): Weighted<PenaltyOption> {
  let table = OPTION_TABLES.get(t);
  if (!table) {
    table = new Weighted(t.options.map((o) => [o, o.w] as const));
    OPTION_TABLES.set(t, table);
  }
  return table;
}

export function penaltyRecord(ctx: SeedContext, rng: Rng, s: SubjectInfo, decidedOverride?: string): SeedRow | null {
  const table = ctx.penaltyTable(s.kind, s.letter);
  if (!table) return null;
  const t = table.sample(rng);
  const opt = optionTable(t).sample(rng);
  const lo = Math.max(s.registeredDay + 10, ctx.todayDay - 5 * 365);
  const decided = decidedOverride ?? fromDay(dayBetween(rng, lo, ctx.todayDay));
  const factDate = cnDate(fromDay(Math.max(s.registeredDay, dayNum(decided) - rng.int(20, 120))));
  const city = AGENCIES[t.agency].district === null || rng.chance(t.cityShare ?? (s.region === "500000" ? 0.5 : 0.12));
  const auth = ctx.authority(t.agency, city ? "500000" : s.district);
  return buildPenalty(ctx, rng, s, t, opt, decided, auth, factDate);
}

export function buildPenalty(ctx: SeedContext, rng: Rng, s: SubjectInfo, t: PenaltyTemplate, opt: PenaltyOption, decided: string, auth: Authority, factDate: string, status?: { repairedOn: string }): SeedRow {
  const year = decided.slice(0, 4);
  const docAbbr = t.doc ?? (t.agency === "market" ? "市监处罚" : `${AGENCIES[t.agency].abbr}罚`);
  const docNo = `${auth.short}${docAbbr}〔${year}〕${ctx.docNumber(`${auth.code}|${docAbbr}|${year}`, rng)}号`;
  const fineYuan = opt.fine ? niceYuan(rng.logUniform(opt.fine[0] * 10000, opt.fine[1] * 10000)) : null;
  const confYuan = opt.confiscate ? Math.max(1, Math.round(rng.logUniform(opt.confiscate[0] * 10000, opt.confiscate[1] * 10000))) : null;
  const fineWan = fineYuan === null ? null : toWan(fineYuan);
  const parts: string[] = [];
  let licenceRef: string | null = null;
  for (const kind of opt.kinds) {
    if (kind === "警告") parts.push("警告");
    else if (kind === "通报批评") parts.push("通报批评");
    else if (kind === "罚款" && fineYuan !== null) parts.push(`罚款人民币${fineYuan}元`);
    else if (kind === "没收违法所得" && confYuan !== null) parts.push(`没收违法所得人民币${confYuan}元`);
    else if (kind === "没收非法财物") parts.push("没收涉案物品一批");
    else if (kind === "吊销许可证件" && opt.licence) {
      licenceRef = opt.licence === "营业执照" ? `营业执照（统一社会信用代码：${s.code}）` : `${opt.licence}（编号：${licenceNumber(rng, opt.licence, s)}）`;
      parts.push(`吊销${opt.licence}`);
    }
  }
  if (opt.extra) parts.push(opt.extra.replace("{rep}", s.rep ?? "负责人"));
  const severity = classifyPenalty({ kinds: opt.kinds, fineWan });
  const window = windowFor(decided, severity);
  let recStatus: RecordFields["status"] = "active";
  let remark: string | null = null;
  const neverEarly = opt.kinds.some((k) => (NEVER_REPAIRABLE_EARLY_KINDS as readonly string[]).includes(k));
  const repairFrom = dayNum(window.repairableFrom);
  const publishEnd = dayNum(window.publishUntil);
  if (status) {
    recStatus = "repaired";
    remark = `已于${status.repairedOn}完成信用修复，停止公示`;
  } else if (rng.chance(0.003)) {
    recStatus = "revoked";
    remark = "经行政复议，原行政处罚决定被依法撤销";
  } else if (!neverEarly && repairFrom <= ctx.todayDay && rng.chance(0.16)) {
    const repairedOn = fromDay(dayBetween(rng, repairFrom, Math.min(ctx.todayDay, publishEnd - 1)));
    recStatus = "repaired";
    remark = `已于${repairedOn}完成信用修复，停止公示`;
  }
  const objection = recStatus === "active" && publishEnd >= ctx.todayDay && rng.chance(0.0005) ? 1 : 0;
  return recordRow(ctx, {
    subject_id: s.id,
    category: "penalty",
    doc_no: docNo,
    title: t.title,
    facts: t.facts({ date: factDate, amount: niceYuan(rng.logUniform(200, 200_000)), rng }),
    basis: t.basis,
    kinds: opt.kinds.join("；"),
    content: parts.join("；"),
    fine_wan: fineWan,
    confiscated_wan: confYuan === null ? null : toWan(confYuan),
    licence_ref: licenceRef,
    authority: auth,
    decided_on: decided,
    valid_from: null,
    valid_until: null,
    severity,
    publish_until: window.publishUntil,
    repairable_from: window.repairableFrom,
    status: recStatus,
    objection_open: objection,
    remark,
  });
}

function licenceNumber(rng: Rng, title: string, s: SubjectInfo): string {
  const t = LICENCE_TEMPLATES.find((x) => x.title === title);
  const region = DISTRICT_NAME.has(s.district) ? s.district : "500103";
  const decidedOn = fromDay(Math.max(s.registeredDay, dayNum("2018-01-01")));
  return t ? t.ref({ rng, region, short: districtShort(districtName(region)), year: decidedOn.slice(0, 4), code: s.code, decidedOn }) : `${region}${pad(rng.int(0, 999_999), 6)}`;
}

export function licenceRecord(ctx: SeedContext, rng: Rng, s: SubjectInfo, template?: LicenceTemplate, decidedOverride?: string): SeedRow {
  const t = template ?? ctx.licenceTable(s.kind, s.letter).sample(rng);
  const lo = Math.max(s.registeredDay, ctx.todayDay - 10 * 365);
  const decided = decidedOverride ?? fromDay(ctx.todayDay - Math.floor((ctx.todayDay - Math.min(lo, ctx.todayDay)) * Math.pow(rng.float(), 1.4)));
  const city = AGENCIES[t.agency].district === null || rng.chance(t.cityShare ?? (s.region === "500000" ? 0.5 : 0.1));
  const auth = ctx.authority(t.agency, city ? "500000" : s.district);
  const year = decided.slice(0, 4);
  const abbr = t.agency === "market" ? "市监许" : `${AGENCIES[t.agency].abbr}许`;
  const docNo = `${auth.short}${abbr}〔${year}〕${ctx.docNumber(`${auth.code}|${abbr}|${year}`, rng)}号`;
  const region = DISTRICT_NAME.has(s.district) ? s.district : "500103";
  const ref = t.ref({ rng, region, short: auth.short === "渝" ? districtShort(districtName(region)) : auth.short, year, code: s.code, decidedOn: decided });
  const facts = t.contents.length > 0 ? rng.pick(t.contents) : projectName(rng, s);
  const u = rng.float();
  const status: RecordFields["status"] = u < 0.002 ? "revoked" : u < 0.003 ? "withdrawn" : "active";
  return recordRow(ctx, {
    subject_id: s.id,
    category: "licence",
    doc_no: docNo,
    title: t.title,
    facts,
    basis: null,
    kinds: t.kind,
    content: null,
    fine_wan: null,
    confiscated_wan: null,
    licence_ref: ref,
    authority: auth,
    decided_on: decided,
    valid_from: decided,
    valid_until: t.years > 0 ? addDays(addMonths(decided, 12 * t.years), -1) : LONG_TERM,
    severity: null,
    publish_until: null,
    repairable_from: null,
    status,
    objection_open: 0,
    remark: status === "revoked" ? "许可被依法撤销" : status === "withdrawn" ? "被许可人申请注销许可" : null,
  });
}

function projectName(rng: Rng, s: SubjectInfo): string {
  const place = districtName(DISTRICT_NAME.has(s.district) ? s.district : "500103");
  return `${place}${rng.pick(TRADE_NAME_CHARS)}${rng.pick(TRADE_NAME_CHARS)}${rng.pick(["小区", "产业园", "标准厂房", "安置房", "商业综合体", "人才公寓", "物流园"])}${rng.int(1, 12)}#楼`;
}
