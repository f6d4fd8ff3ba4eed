/**
 * The fixture subjects' rows: fixed events dated relative to `today`, on a PRNG stream of their own.
 */
import type { ListType } from "../../../shared/domain/lists";
import type { Authority } from "../authorities";
import { addDays, addMonths, cnDate, dayNum } from "../calendar";
import type { SeedContext, SubjectInfo } from "../context";
import { ABNORMAL_REASONS, JUDGMENT_REASONS, LICENCE_TEMPLATES, LIST_REASONS, PENALTY_TEMPLATES, type LicenceTemplate, type PenaltyOption, type PenaltyTemplate } from "../data";
import { FIXTURE_SPECS, type FixtureSpec, fixtureCode } from "../fixtures";
import { address } from "../names";
import type { SeedRow } from "../options";
import { Rng } from "../rng";
import { commitmentRow } from "./commitments";
import { listRow } from "./lists";
import { buildPenalty, licenceRecord } from "./records";
import { type SubjectOutput, registrar, subjectRow } from "./subjects";

export function fixtureSubject(ctx: SeedContext, idx: number): SubjectOutput {
  const spec = FIXTURE_SPECS[idx] as FixtureSpec;
  const id = idx + 1;
  const rng = new Rng(0x5eed, id, 3); // fixed stream: fixture rows do not depend on the seed option
  const today = ctx.today;
  const code = fixtureCode(spec, id);
  const regDay = spec.registeredOn ? dayNum(spec.registeredOn) : dayNum("1971-10-01");
  const info: SubjectInfo = {
    id, kind: spec.kind, code, name: spec.name, rep: spec.rep ?? null, letter: spec.letter ?? "", word: spec.word ?? "",
    region: spec.region, district: spec.region === "350100" ? "500112" : spec.region, registeredDay: regDay,
  };
  const months = (m: number) => addMonths(today, m);
  const records: SeedRow[] = [];
  const lists: SeedRow[] = [];
  const commitments: SeedRow[] = [];
  const licence = (title: string, decided: string) => {
    const t = LICENCE_TEMPLATES.find((x) => x.title === title) as LicenceTemplate;
    records.push(licenceRecord(ctx, rng, info, { ...t, cityShare: 0 }, decided));
    const last = records[records.length - 1] as SeedRow;
    last.status = "active";
    last.remark = null;
  };
  const penalty = (title: string, optIndex: number, decided: string, auth: Authority, opts: { fineWan?: number; repairedOn?: string } = {}) => {
    const t = PENALTY_TEMPLATES.find((x) => x.title === title) as PenaltyTemplate;
    const base = t.options[optIndex] as PenaltyOption;
    const opt: PenaltyOption = opts.fineWan !== undefined ? { ...base, fine: [opts.fineWan, opts.fineWan] } : base;
    const factDate = cnDate(addDays(decided, -45));
    const row = buildPenalty(ctx, rng, info, t, opt, decided, auth, factDate, opts.repairedOn ? { repairedOn: opts.repairedOn } : undefined);
    if (!opts.repairedOn) {
      row.status = "active";
      row.remark = null;
    }
    row.objection_open = 0;
    records.push(row);
  };
  const list = (type: ListType, reasonText: string, auth: Authority, doc: string, listed: string, planned: string, removed?: { on: string; reason: string }, caseCode?: string) => {
    const reasons = type === "abnormal_operation" ? ABNORMAL_REASONS : type === "dishonest_judgment_debtor" ? [] : LIST_REASONS[type];
    const r = reasons.find((x) => x.reason === reasonText);
    const basis = r?.basis ?? JUDGMENT_REASONS.find((x) => x[0] === reasonText)?.[1] ?? "";
    const year = listed.slice(0, 4);
    const docNo = caseCode
      ? `（${year}）${caseCode}执${ctx.docNumber(`${auth.code}|执|${year}`, rng)}号`
      : `${auth.short}${doc}〔${year}〕${ctx.docNumber(`${auth.code}|${doc}|${year}`, rng)}号`;
    lists.push(listRow(ctx, {
      list_type: type, subject_id: id, reason: reasonText, legal_basis: basis, authority: auth, doc_no: docNo, listed_on: listed,
      planned_removal_on: planned, removed_on: removed?.on ?? null, removal_reason: removed?.reason ?? null, status: removed ? "removed" : "listed", objection_open: 0,
    }));
  };

  switch (spec.key) {
    case "cleanLicencesOnly":
      licence("建筑业企业资质证书", months(-20));
      licence("安全生产许可证", months(-10));
      licence("建筑工程施工许可证", months(-3));
      commitments.push(commitmentRow(ctx, {
        subject_id: id, kind: "审批替代型", matter: "建筑工程施工许可证核发告知承诺：承诺施工图审查、资金落实等条件已满足",
        authority: ctx.authority("housing", "500112"), doc_no: `渝北建承诺〔${months(-3).slice(0, 4)}〕${ctx.docNumber(`${ctx.authority("housing", "500112").code}|承诺|${months(-3).slice(0, 4)}`, rng)}号`,
        committed_on: addDays(months(-3), -7), due_on: addDays(months(3), -7), status: "fulfilled", resolved_on: addDays(months(-2), 3),
      }));
      break;
    case "seriousPenaltyInWindow":
      licence("排污许可证", months(-30));
      penalty("未依法取得排污许可证排放污染物", 1, months(-4), ctx.authority("ecology", "500000"), { fineWan: 68 });
      break;
    case "generalPenaltyPastWindow":
      licence("食品经营许可证", months(-40));
      penalty("未取得食品经营许可从事食品经营活动", 0, months(-14), ctx.authority("market", "500103"), { fineWan: 2 });
      break;
    case "seriousDishonestyInForce": {
      const listed = months(-6);
      list("serious_dishonesty", "被列入经营异常名录届满3年仍未履行相关义务", ctx.authority("market", "500113"), "市监严列", listed, addMonths(listed, 36));
      break;
    }
    case "redList": {
      licence("道路运输经营许可证", months(-18));
      const listed = months(-7);
      list("red_list", "纳税信用A级纳税人", ctx.authority("tax", "500000"), "税信用", listed, addMonths(listed, 12));
      break;
    }
    case "removedEntry": {
      const listed = months(-24);
      list("abnormal_operation", "未按规定报送年度报告", ctx.authority("market", "500105"), "市监经异列", listed, addMonths(listed, 36), {
        on: addDays(listed, 95), reason: "已补报未报年份的年度报告并公示，申请移出",
      });
      break;
    }
    case "expiredEntry": {
      const listed = months(-26);
      list("key_supervision", "一年内因同一违法行为两次受到行政处罚，列为重点监管对象", ctx.authority("market", "500106"), "市监重点", listed, addMonths(listed, 12));
      break;
    }
    case "naturalPersonDebtor": {
      const listed = months(-5);
      const court = ctx.court("500112", false);
      list("dishonest_judgment_debtor", "有履行能力而拒不履行生效法律文书确定义务", court, "", listed, addMonths(listed, 24), undefined, court.caseCode);
      break;
    }
    case "sameNameActive":
      licence("食品经营许可证", months(-12));
      break;
    case "individualMinorPenalty":
      licence("食品经营许可证", months(-50));
      penalty("食品从业人员未取得健康证明从事接触直接入口食品的工作", 0, months(-1), ctx.authority("market", "500103"));
      break;
    case "repairedPenalty": {
      licence("道路运输经营许可证", months(-26));
      const decided = months(-8);
      const repairedOn = addMonths(decided, 4);
      penalty("车辆违法超限运输", 0, decided, ctx.authority("transport", "500108"), { fineWan: 2, repairedOn });
      const auth = ctx.authority("transport", "500108");
      const year = addDays(repairedOn, -10).slice(0, 4);
      commitments.push(commitmentRow(ctx, {
        subject_id: id, kind: "信用修复型", matter: "信用修复承诺：已纠正失信行为、履行法定义务，承诺不再发生同类违法行为", authority: auth,
        doc_no: `南岸交承诺〔${year}〕${ctx.docNumber(`${auth.code}|承诺|${year}`, rng)}号`, committed_on: addDays(repairedOn, -10),
        due_on: addMonths(addDays(repairedOn, -10), 12), status: "fulfilled", resolved_on: repairedOn,
      }));
      break;
    }
    default:
      break;
  }

  const isPerson = spec.kind === "natural_person";
  const isLegacy = spec.key === "legacyPilotCode";
  const subject = subjectRow(ctx, {
    id, code, code_type: isPerson ? "id_number" : "uscc", kind: spec.kind, name: spec.name, legal_representative: isPerson ? null : (spec.rep ?? null),
    industry_code: isPerson ? null : (spec.letter ?? null), region_code: spec.region, registered_on: spec.registeredOn,
    registration_status: spec.status ?? "存续", registered_capital_wan: spec.capital ?? null,
    address: isPerson ? null : isLegacy ? "福建省福州市鼓楼区五四路128号" : address(rng, spec.region),
    checksum_legacy: isLegacy ? 1 : 0,
    source_unit_code: isPerson ? ctx.court("500112", false).code : registrar(ctx, spec.kind, spec.region).code,
  });
  return { subject, records, lists, commitments };
}
