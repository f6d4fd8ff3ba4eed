/**
 * 行政区划代码 (GB/T 2260) lookup: full names for Chongqing (重庆市) codes,
 * province-level names for everything else.
 */

export interface RegionEntry {
  code: string;
  name: string;
}

/** The 38 current districts/counties of Chongqing, in GB/T 2260 order. */
export const CHONGQING_DISTRICTS: readonly RegionEntry[] = [
  { code: "500101", name: "万州区" },
  { code: "500102", name: "涪陵区" },
  { code: "500103", name: "渝中区" },
  { code: "500104", name: "大渡口区" },
  { code: "500105", name: "江北区" },
  { code: "500106", name: "沙坪坝区" },
  { code: "500107", name: "九龙坡区" },
  { code: "500108", name: "南岸区" },
  { code: "500109", name: "北碚区" },
  { code: "500110", name: "綦江区" },
  { code: "500111", name: "大足区" },
  { code: "500112", name: "渝北区" },
  { code: "500113", name: "巴南区" },
  { code: "500114", name: "黔江区" },
  { code: "500115", name: "长寿区" },
  { code: "500116", name: "江津区" },
  { code: "500117", name: "合川区" },
  { code: "500118", name: "永川区" },
  { code: "500119", name: "南川区" },
  { code: "500120", name: "璧山区" },
  { code: "500151", name: "铜梁区" },
  { code: "500152", name: "潼南区" },
  { code: "500153", name: "荣昌区" },
  { code: "500154", name: "开州区" },
  { code: "500155", name: "梁平区" },
  { code: "500156", name: "武隆区" },
  { code: "500229", name: "城口县" },
  { code: "500230", name: "丰都县" },
  { code: "500231", name: "垫江县" },
  { code: "500233", name: "忠县" },
  { code: "500235", name: "云阳县" },
  { code: "500236", name: "奉节县" },
  { code: "500237", name: "巫山县" },
  { code: "500238", name: "巫溪县" },
  { code: "500240", name: "石柱土家族自治县" },
  { code: "500241", name: "秀山土家族苗族自治县" },
  { code: "500242", name: "酉阳土家族苗族自治县" },
  { code: "500243", name: "彭水苗族土家族自治县" },
];

/** Municipality-level Chongqing codes (not districts). */
const CHONGQING_LEVELS: readonly RegionEntry[] = [
  { code: "500000", name: "重庆市(市本级)" },
  { code: "500100", name: "重庆市市辖区" },
  { code: "500200", name: "重庆市县" },
];

/**
 * Former county codes (county → district conversions 2011–2016). Codes issued
 * before the change still appear in real 统一社会信用代码 and ID numbers.
 */
export const CHONGQING_FORMER_COUNTIES: readonly RegionEntry[] = [
  { code: "500222", name: "綦江县（今綦江区）" },
  { code: "500223", name: "潼南县（今潼南区）" },
  { code: "500224", name: "铜梁县（今铜梁区）" },
  { code: "500225", name: "大足县（今大足区）" },
  { code: "500226", name: "荣昌县（今荣昌区）" },
  { code: "500227", name: "璧山县（今璧山区）" },
  { code: "500228", name: "梁平县（今梁平区）" },
  { code: "500232", name: "武隆县（今武隆区）" },
  { code: "500234", name: "开县（今开州区）" },
];

/** Province-level names keyed by the first two digits of the code. */
export const PROVINCES: Readonly<Record<string, string>> = {
  "10": "中央",
  "11": "北京市",
  "12": "天津市",
  "13": "河北省",
  "14": "山西省",
  "15": "内蒙古自治区",
  "21": "辽宁省",
  "22": "吉林省",
  "23": "黑龙江省",
  "31": "上海市",
  "32": "江苏省",
  "33": "浙江省",
  "34": "安徽省",
  "35": "福建省",
  "36": "江西省",
  "37": "山东省",
  "41": "河南省",
  "42": "湖北省",
  "43": "湖南省",
  "44": "广东省",
  "45": "广西壮族自治区",
  "46": "海南省",
  "50": "重庆市",
  "51": "四川省",
  "52": "贵州省",
  "53": "云南省",
  "54": "西藏自治区",
  "61": "陕西省",
  "62": "甘肃省",
  "63": "青海省",
  "64": "宁夏回族自治区",
  "65": "新疆维吾尔自治区",
  "71": "台湾省",
  "81": "香港特别行政区",
  "82": "澳门特别行政区",
};

const CHONGQING_NAMES: ReadonlyMap<string, string> = new Map(
  [...CHONGQING_LEVELS, ...CHONGQING_DISTRICTS, ...CHONGQING_FORMER_COUNTIES].map(
    (r) => [r.code, r.name] as const,
  ),
);

/**
 * True when the 6-digit region code belongs to Chongqing (starts with "50").
 *
 * @example
 * isChongqingRegion("500103") // → true
 */
export function isChongqingRegion(code: string): boolean {
  return /^50\d{4}$/.test(code);
}

/**
 * Name for a 6-digit 行政区划码: the exact district/county for Chongqing codes,
 * otherwise the province from the first two digits. Unknown Chongqing codes
 * fall back to "重庆市"; unknown provinces or malformed codes give undefined.
 *
 * @example
 * regionName("500103") // → "渝中区"
 * regionName("350100") // → "福建省"
 */
export function regionName(code: string): string | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  if (isChongqingRegion(code)) return CHONGQING_NAMES.get(code) ?? PROVINCES["50"];
  return PROVINCES[code.slice(0, 2)];
}
