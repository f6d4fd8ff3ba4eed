/**
 * 名单 a check must know (DOMAIN.md §3): 严重失信主体名单, 失信被执行人, 经营异常名录, 重点监管对象,
 * 重大税收违法失信主体, 政府采购严重违法失信行为记录 and the 红名单 of 守信激励对象.
 */
export const LIST_TYPES = [
  "serious_dishonesty",
  "dishonest_judgment_debtor",
  "abnormal_operation",
  "key_supervision",
  "major_tax_violation",
  "procurement_violation",
  "red_list",
] as const;
export type ListType = (typeof LIST_TYPES)[number];

export interface ListTypeInfo {
  name: string;
  /** negative lists restrict (失信), positive lists reward (守信激励). */
  polarity: "negative" | "positive";
  typicalSource: string;
  /** Published to the public by law (依法公开); key-supervision lists are shared with regulators only. */
  publicDisclosure: boolean;
}

export const LIST_TYPE_INFO: Record<ListType, ListTypeInfo> = {
  serious_dishonesty: { name: "严重失信主体名单", polarity: "negative", typicalSource: "行业主管部门（依法定标准认定）", publicDisclosure: true },
  dishonest_judgment_debtor: { name: "失信被执行人", polarity: "negative", typicalSource: "人民法院（中国执行信息公开网）", publicDisclosure: true },
  abnormal_operation: { name: "经营异常名录", polarity: "negative", typicalSource: "市场监督管理部门", publicDisclosure: true },
  key_supervision: { name: "重点监管对象名单", polarity: "negative", typicalSource: "行业监管部门", publicDisclosure: false },
  major_tax_violation: { name: "重大税收违法失信主体", polarity: "negative", typicalSource: "税务部门", publicDisclosure: true },
  procurement_violation: { name: "政府采购严重违法失信行为记录", polarity: "negative", typicalSource: "财政部门", publicDisclosure: true },
  red_list: { name: "红名单（守信激励对象）", polarity: "positive", typicalSource: "各行业主管部门", publicDisclosure: true },
};

/**
 * listed 列入中; removed 移出 (period over, or removed by its authority); repaired 信用修复; deleted_by_objection
 * 异议成立，删除 — the entry was wrong, so unlike a removed one it never counts for anything (evaluation included).
 */
export const LIST_ENTRY_STATUSES = ["listed", "removed", "repaired", "deleted_by_objection"] as const;
export type ListEntryStatus = (typeof LIST_ENTRY_STATUSES)[number];

/**
 * Whether a list entry is in force on `today`: listed, not removed, not repaired and not past its
 * planned removal date (an expired entry stops counting even before a job marks it).
 * @example isListEntryInForce({ status: "listed", plannedRemovalOn: "2026-01-01" }, "2026-11-27") // false
 */
export function isListEntryInForce(entry: { status: ListEntryStatus; plannedRemovalOn: string | null }, today: string): boolean {
  return entry.status === "listed" && (entry.plannedRemovalOn === null || entry.plannedRemovalOn >= today);
}
