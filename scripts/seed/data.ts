/**
 * Vocabulary for the seed generator: Chongqing districts and streets, name parts, industries,
 * deciding authorities, and templates for 行政处罚 / 行政许可 / 名单 / 信用承诺 rows.
 * Pure data (plus tiny formatting lambdas); nothing here draws random numbers by itself.
 */
import type { PenaltyKind } from "../../shared/domain/penalties";
import type { ListType } from "../../shared/domain/lists";
import type { SUBJECT_KINDS } from "../../shared/contract/subjects";
import type { Rng } from "./rng";

/** The contract's subject kinds the seed generates: every one but 其他组织 ("other"). */
export type SubjectKind = Exclude<(typeof SUBJECT_KINDS)[number], "other">;

/** GB/T 4754-2017 门类 used by the seed. */
export const INDUSTRY_SECTIONS: Readonly<Record<string, string>> = {
  A: "农、林、牧、渔业",
  C: "制造业",
  D: "电力、热力、燃气及水生产和供应业",
  E: "建筑业",
  F: "批发和零售业",
  G: "交通运输、仓储和邮政业",
  H: "住宿和餐饮业",
  I: "信息传输、软件和信息技术服务业",
  K: "房地产业",
  L: "租赁和商务服务业",
  M: "科学研究和技术服务业",
  N: "水利、环境和公共设施管理业",
  O: "居民服务、修理和其他服务业",
  P: "教育",
  Q: "卫生和社会工作",
  R: "文化、体育和娱乐业",
  S: "公共管理、社会保障和社会组织",
};

// ---------------------------------------------------------------------------------------------
// Regions

/** Relative weight of each district/county (subjects registered there); 500000 is 市本级. */
export const DISTRICT_WEIGHTS: Readonly<Record<string, number>> = {
  "500101": 4, "500102": 3, "500103": 6, "500104": 2, "500105": 7, "500106": 6.5, "500107": 8,
  "500108": 6.5, "500109": 3.5, "500110": 1.6, "500111": 1.6, "500112": 12, "500113": 5, "500114": 0.9,
  "500115": 1.8, "500116": 3, "500117": 2.5, "500118": 2.5, "500119": 1.1, "500120": 2, "500151": 1.4,
  "500152": 1.2, "500153": 1.4, "500154": 1.8, "500155": 1.1, "500156": 0.6, "500229": 0.35, "500230": 0.9,
  "500231": 1.1, "500233": 1, "500235": 1.1, "500236": 1, "500237": 0.6, "500238": 0.45, "500240": 0.6,
  "500241": 0.7, "500242": 0.7, "500243": 0.6,
};

/** The nine central urban districts (主城都市区中心城区), where 市本级 registrants usually sit. */
export const URBAN_DISTRICTS = ["500103", "500104", "500105", "500106", "500107", "500108", "500109", "500112", "500113"] as const;

/** Roads per district for addresses (重庆市 + district + road + number). */
export const STREETS: Readonly<Record<string, readonly string[]>> = {
  "500101": ["北山大道", "太白路", "沙龙路", "白岩路", "江南大道", "国本路"],
  "500102": ["兴华中路", "太极大道", "中山路", "广场路", "滨江大道"],
  "500103": ["民族路", "中山三路", "民生路", "邹容路", "解放东路", "大坪正街", "长江一路", "上清寺路"],
  "500104": ["春晖路", "松青路", "钢花路", "文体路", "翠柏路"],
  "500105": ["建新北路", "洋河路", "红石路", "观音桥步行街", "北滨一路", "港城东路", "五里店正街"],
  "500106": ["三峡广场", "小龙坎正街", "汉渝路", "天星桥正街", "大学城中路", "西永大道", "土主中路"],
  "500107": ["杨家坪正街", "科园一路", "谢家湾正街", "渝州路", "石杨路", "华岩大道", "铁马路"],
  "500108": ["南坪西路", "江南大道", "通江大道", "南滨路", "茶园路", "学府大道"],
  "500109": ["云华路", "天生路", "蔡家大道", "碚峡西路", "同兴北路"],
  "500110": ["九龙大道", "沱湾路", "通惠大道", "文龙大道"],
  "500111": ["五星大道", "北环路", "棠香街", "双桥大道"],
  "500112": ["金开大道", "新牌坊一路", "松石北路", "金渝大道", "星光大道", "双龙大道", "龙山大道", "黄山大道中段"],
  "500113": ["龙洲大道", "渝南大道", "新市街", "李家沱正街", "龙海大道"],
  "500114": ["城西大道", "解放路", "新华大道", "正阳路"],
  "500115": ["桃源大道", "菩提大道", "向阳路", "齐心大道"],
  "500116": ["鼎山大道", "滨江路", "双福大道", "几江大道"],
  "500117": ["南津街", "希尔安大道", "嘉陵江大道", "合阳大道"],
  "500118": ["人民大道", "昌州大道", "兴龙大道", "汇龙大道"],
  "500119": ["金佛大道", "南大街", "西城大道", "隆化路"],
  "500120": ["璧泉路", "东林大道", "青杠大道", "黛山大道"],
  "500151": ["龙城大道", "中兴路", "巴川大道"],
  "500152": ["兴潼大道", "江北大道", "凉风垭路"],
  "500153": ["昌州大道西段", "海棠大道", "玉屏路"],
  "500154": ["开州大道", "云枫路", "汉丰大道"],
  "500155": ["双桂大道", "西大街", "梁山路"],
  "500156": ["芙蓉中路", "建设路", "芙蓉西路"],
  "500229": ["北大街", "城口大道", "南大街"],
  "500230": ["名山大道", "平都大道", "商业二路"],
  "500231": ["桂北大道", "桂溪路", "工农路"],
  "500233": ["忠州大道", "白公路", "州屏路"],
  "500235": ["滨江大道", "云江大道", "双江路"],
  "500236": ["永安路", "诗城大道", "夔州路"],
  "500237": ["广东中路", "平湖路", "净坛路"],
  "500238": ["马镇坝大道", "柏杨路", "滨河路"],
  "500240": ["万寿大道", "南宾路", "城南路"],
  "500241": ["渝秀大道", "凤凰路", "中和路"],
  "500242": ["桃花源大道", "钟多路", "州府路"],
  "500243": ["滨江大道", "绍庆路", "汉葭路"],
};

/** Short form used in document numbers: 渝北, 九龙坡, 城口, 石柱 … */
export function districtShort(name: string): string {
  if (name.includes("自治县")) return name.slice(0, 2);
  if (name.length > 2 && /[区县]$/.test(name)) return name.slice(0, -1);
  return name.length === 2 && name.endsWith("县") ? name.slice(0, 1) : name;
}

/** 重庆市 intermediate courts and the district courts under each (by region code). */
export const INTERMEDIATE_COURTS: readonly { name: string; code: string; districts: readonly string[] }[] = [
  { name: "重庆市第一中级人民法院", code: "渝01", districts: ["500106", "500107", "500104", "500109", "500116", "500120", "500117", "500118", "500151", "500152", "500111", "500153"] },
  { name: "重庆市第二中级人民法院", code: "渝02", districts: ["500101", "500154", "500155", "500229", "500233", "500235", "500236", "500237", "500238"] },
  { name: "重庆市第三中级人民法院", code: "渝03", districts: ["500102", "500115", "500119", "500156", "500230", "500231"] },
  { name: "重庆市第四中级人民法院", code: "渝04", districts: ["500114", "500240", "500241", "500242", "500243"] },
  { name: "重庆市第五中级人民法院", code: "渝05", districts: ["500103", "500105", "500108", "500112", "500113", "500110"] },
];

// ---------------------------------------------------------------------------------------------
// Deciding authorities

export type AgencyKey =
  | "market" | "ecology" | "housing" | "tax" | "emergency" | "transport" | "finance" | "ndrc" | "urban" | "health"
  | "hrss" | "agri" | "drug" | "culture" | "planning" | "fire" | "education" | "civil" | "staffing" | "water"
  | "telecom" | "civilization" | "customs" | "court";

export interface AgencyType {
  /** City-level (市级) body. */
  city: string;
  /** District-level name (given the district's full name), or null when the agency is city-only. */
  district: ((d: string) => string) | null;
  /** Abbreviation used in document numbers (渝北市监处罚〔2025〕312号). */
  abbr: string;
  /** Created in the 2018 institutional reform: new-style code body (MB…). */
  modern: boolean;
}

const plain = (suffix: string) => (d: string) => `重庆市${d}${suffix}`;

export const AGENCIES: Readonly<Record<AgencyKey, AgencyType>> = {
  market: { city: "重庆市市场监督管理局", district: plain("市场监督管理局"), abbr: "市监", modern: true },
  ecology: { city: "重庆市生态环境局", district: plain("生态环境局"), abbr: "环", modern: true },
  housing: { city: "重庆市住房和城乡建设委员会", district: plain("住房和城乡建设委员会"), abbr: "建", modern: false },
  tax: { city: "国家税务总局重庆市税务局", district: (d) => `国家税务总局重庆市${d}税务局`, abbr: "税", modern: true },
  emergency: { city: "重庆市应急管理局", district: plain("应急管理局"), abbr: "应急", modern: true },
  transport: { city: "重庆市交通运输委员会", district: plain("交通运输委员会"), abbr: "交", modern: false },
  finance: { city: "重庆市财政局", district: plain("财政局"), abbr: "财", modern: false },
  ndrc: { city: "重庆市发展和改革委员会", district: plain("发展和改革委员会"), abbr: "发改", modern: false },
  urban: { city: "重庆市城市管理局", district: plain("城市管理局"), abbr: "城管", modern: false },
  health: { city: "重庆市卫生健康委员会", district: plain("卫生健康委员会"), abbr: "卫", modern: true },
  hrss: { city: "重庆市人力资源和社会保障局", district: plain("人力资源和社会保障局"), abbr: "人社", modern: false },
  agri: { city: "重庆市农业农村委员会", district: plain("农业农村委员会"), abbr: "农", modern: true },
  drug: { city: "重庆市药品监督管理局", district: null, abbr: "药监", modern: true },
  culture: { city: "重庆市文化和旅游发展委员会", district: plain("文化和旅游发展委员会"), abbr: "文旅", modern: true },
  planning: { city: "重庆市规划和自然资源局", district: plain("规划和自然资源局"), abbr: "规资", modern: true },
  fire: { city: "重庆市消防救援总队", district: plain("消防救援支队"), abbr: "消", modern: true },
  education: { city: "重庆市教育委员会", district: plain("教育委员会"), abbr: "教", modern: false },
  civil: { city: "重庆市民政局", district: plain("民政局"), abbr: "民", modern: false },
  staffing: { city: "中共重庆市委机构编制委员会办公室", district: (d) => `中共重庆市${d}委机构编制委员会办公室`, abbr: "编", modern: false },
  water: { city: "重庆市水利局", district: plain("水利局"), abbr: "水", modern: false },
  telecom: { city: "重庆市通信管理局", district: null, abbr: "通信", modern: false },
  civilization: { city: "重庆市精神文明建设委员会办公室", district: null, abbr: "文明办", modern: false },
  customs: { city: "中华人民共和国重庆海关", district: null, abbr: "渝关", modern: false },
  court: { city: "重庆市高级人民法院", district: plain("人民法院"), abbr: "法", modern: false },
};

export const AGENCY_KEYS = Object.keys(AGENCIES) as AgencyKey[];

// ---------------------------------------------------------------------------------------------
// Names

/** 字号 characters. "渝信" is reserved for a fixture (random names never contain it). */
export const TRADE_NAME_CHARS = Array.from(
  "渝巴嘉陵鸿瑞华鑫源达通恒泰丰盛宏德信诚锦川峡江山城汇弘祥和兴隆昌茂润宇博睿泽天远海新康益安佳豪展成顺腾骏晟辉明龙凯森航聚亿创永合利美金峰翔正伟中雅怡欣嘉禾",
).filter((c, i, all) => all.indexOf(c) === i);

/** Common surnames with Chongqing-flavoured weights (陈、刘、李、张、王 … 谭、冉、向). */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ["陈", 60], ["李", 60], ["刘", 55], ["张", 55], ["王", 52], ["杨", 40], ["黄", 30], ["周", 30], ["何", 26], ["罗", 26],
  ["谭", 24], ["唐", 22], ["吴", 22], ["邓", 20], ["冉", 10], ["向", 14], ["徐", 16], ["胡", 16], ["赵", 16], ["曾", 15],
  ["彭", 15], ["蒋", 14], ["傅", 8], ["熊", 10], ["余", 12], ["肖", 12], ["田", 12], ["程", 8], ["郑", 10], ["朱", 10],
  ["马", 9], ["高", 9], ["林", 8], ["谢", 10], ["袁", 10], ["冯", 9], ["宋", 8], ["韩", 6], ["许", 7], ["曹", 7],
  ["梁", 7], ["邹", 8], ["秦", 7], ["龚", 7], ["廖", 8], ["姚", 6], ["卢", 6], ["汪", 6], ["任", 7], ["文", 6],
  ["雷", 7], ["蔡", 6], ["夏", 6], ["孙", 7], ["郭", 7], ["杜", 6], ["苏", 5], ["魏", 5], ["石", 6], ["代", 5],
  ["付", 6], ["钟", 6], ["潘", 5], ["江", 5], ["毛", 5], ["贺", 5], ["黎", 5], ["万", 5], ["牟", 4], ["游", 4],
];

export const GIVEN_MALE = Array.from("伟强军勇杰涛斌波辉刚明华平林峰建国东海鹏飞超磊俊浩宇洋兵川渝志文武成德春云龙");
export const GIVEN_FEMALE = Array.from("芳丽娟敏静燕玲霞琴梅兰红艳英婷雪莉萍慧娜倩琳佳欣颖露秀凤蓉玉");
export const GIVEN_NEUTRAL = Array.from("子一思雨晓家梓欣宏小嘉佳明书天");

export interface IndustryWord {
  word: string;
  letter: string;
  weight: number;
}

/** Enterprise 行业 words (the middle of …有限公司 names) with their 门类. */
export const ENTERPRISE_INDUSTRIES: readonly IndustryWord[] = [
  { word: "建筑工程", letter: "E", weight: 4 }, { word: "建筑劳务", letter: "E", weight: 2 }, { word: "市政工程", letter: "E", weight: 1.5 },
  { word: "园林绿化工程", letter: "E", weight: 1 }, { word: "装饰工程", letter: "E", weight: 2 }, { word: "建设工程", letter: "E", weight: 1.5 },
  { word: "钢结构工程", letter: "E", weight: 0.5 }, { word: "水利水电工程", letter: "E", weight: 0.5 },
  { word: "商贸", letter: "F", weight: 8 }, { word: "贸易", letter: "F", weight: 4 }, { word: "建材", letter: "F", weight: 3 },
  { word: "医药", letter: "F", weight: 1.5 }, { word: "汽车销售", letter: "F", weight: 1 }, { word: "五金机电", letter: "F", weight: 1.5 },
  { word: "电子商务", letter: "F", weight: 2 }, { word: "农产品", letter: "F", weight: 1 }, { word: "酒业", letter: "F", weight: 0.7 },
  { word: "信息技术", letter: "I", weight: 3 }, { word: "网络科技", letter: "I", weight: 2.5 }, { word: "软件开发", letter: "I", weight: 1 },
  { word: "数据科技", letter: "I", weight: 0.5 },
  { word: "物流", letter: "G", weight: 3 }, { word: "货物运输", letter: "G", weight: 1.5 }, { word: "供应链管理", letter: "G", weight: 1 },
  { word: "仓储服务", letter: "G", weight: 0.5 },
  { word: "餐饮管理", letter: "H", weight: 3 }, { word: "酒店管理", letter: "H", weight: 1 }, { word: "火锅餐饮", letter: "H", weight: 0.8 },
  { word: "机械设备", letter: "C", weight: 1.5 }, { word: "汽车零部件", letter: "C", weight: 1.5 }, { word: "摩托车配件", letter: "C", weight: 0.8 },
  { word: "电子", letter: "C", weight: 1 }, { word: "新材料", letter: "C", weight: 1 }, { word: "食品", letter: "C", weight: 1 },
  { word: "火锅食品", letter: "C", weight: 0.7 }, { word: "化工", letter: "C", weight: 0.6 }, { word: "塑料制品", letter: "C", weight: 0.5 },
  { word: "包装材料", letter: "C", weight: 0.5 }, { word: "家具", letter: "C", weight: 0.4 },
  { word: "房地产开发", letter: "K", weight: 1.5 }, { word: "物业管理", letter: "K", weight: 2 }, { word: "房地产经纪", letter: "K", weight: 0.8 },
  { word: "置业", letter: "K", weight: 0.7 },
  { word: "农业开发", letter: "A", weight: 1.5 }, { word: "生态农业", letter: "A", weight: 1 }, { word: "林业开发", letter: "A", weight: 0.3 },
  { word: "畜牧", letter: "A", weight: 0.4 },
  { word: "企业管理咨询", letter: "L", weight: 2.5 }, { word: "人力资源管理", letter: "L", weight: 1 }, { word: "广告", letter: "L", weight: 1.2 },
  { word: "劳务派遣", letter: "L", weight: 0.6 }, { word: "旅行社", letter: "L", weight: 0.5 }, { word: "会展服务", letter: "L", weight: 0.4 },
  { word: "商务信息咨询", letter: "L", weight: 1 },
  { word: "环保科技", letter: "N", weight: 1.2 }, { word: "旅游开发", letter: "N", weight: 0.8 }, { word: "环境工程", letter: "N", weight: 0.5 },
  { word: "燃气", letter: "D", weight: 0.3 }, { word: "新能源", letter: "D", weight: 0.4 },
  { word: "文化传媒", letter: "R", weight: 2 }, { word: "影视文化", letter: "R", weight: 0.4 }, { word: "体育文化", letter: "R", weight: 0.4 },
  { word: "文化艺术", letter: "R", weight: 0.5 },
  { word: "科技", letter: "M", weight: 4 }, { word: "检测技术", letter: "M", weight: 0.6 }, { word: "工程设计", letter: "M", weight: 0.6 },
  { word: "工程咨询", letter: "M", weight: 0.8 }, { word: "生物科技", letter: "M", weight: 0.6 },
  { word: "职业技能培训", letter: "P", weight: 0.3 },
  { word: "医院", letter: "Q", weight: 0.3 }, { word: "健康管理", letter: "Q", weight: 0.6 }, { word: "养老服务", letter: "Q", weight: 0.3 },
  { word: "家政服务", letter: "O", weight: 0.5 }, { word: "汽车服务", letter: "O", weight: 0.5 },
];

/** 个体工商户 shop words: 火锅店, 五金经营部 … */
export const SHOP_WORDS: readonly IndustryWord[] = [
  { word: "火锅店", letter: "H", weight: 6 }, { word: "小面馆", letter: "H", weight: 6 }, { word: "餐馆", letter: "H", weight: 5 },
  { word: "串串香店", letter: "H", weight: 3 }, { word: "烧烤店", letter: "H", weight: 3 }, { word: "中餐馆", letter: "H", weight: 2 },
  { word: "豆花饭庄", letter: "H", weight: 2 }, { word: "茶馆", letter: "H", weight: 2 }, { word: "冷饮店", letter: "H", weight: 1 },
  { word: "五金经营部", letter: "F", weight: 5 }, { word: "副食店", letter: "F", weight: 6 }, { word: "建材经营部", letter: "F", weight: 4 },
  { word: "烟酒店", letter: "F", weight: 4 }, { word: "水果店", letter: "F", weight: 4 }, { word: "服装店", letter: "F", weight: 4 },
  { word: "日用百货经营部", letter: "F", weight: 3 }, { word: "农资经营部", letter: "F", weight: 2 }, { word: "大药房", letter: "F", weight: 2 },
  { word: "电器经营部", letter: "F", weight: 2 }, { word: "茶叶店", letter: "F", weight: 1 }, { word: "粮油店", letter: "F", weight: 2 },
  { word: "便利店", letter: "F", weight: 4 }, { word: "手机店", letter: "F", weight: 2 },
  { word: "美发店", letter: "O", weight: 4 }, { word: "汽车修理厂", letter: "O", weight: 2 }, { word: "洗衣店", letter: "O", weight: 1 },
  { word: "摩托车修理部", letter: "O", weight: 1.5 }, { word: "家电维修部", letter: "O", weight: 1 }, { word: "养生馆", letter: "O", weight: 1 },
  { word: "货运部", letter: "G", weight: 2 },
  { word: "米粉加工坊", letter: "C", weight: 0.6 }, { word: "豆腐坊", letter: "C", weight: 0.6 },
];

/** 农民专业合作社: crop or livestock + 种植/养殖. */
export const COOP_PRODUCTS: readonly (readonly [string, "种植" | "养殖"])[] = [
  ["中药材", "种植"], ["脐橙", "种植"], ["柑橘", "种植"], ["脆李", "种植"], ["花椒", "种植"], ["茶叶", "种植"], ["蔬菜", "种植"],
  ["猕猴桃", "种植"], ["榨菜", "种植"], ["水稻", "种植"], ["核桃", "种植"], ["蓝莓", "种植"], ["葡萄", "种植"], ["食用菌", "种植"],
  ["青花椒", "种植"], ["枇杷", "种植"],
  ["生猪", "养殖"], ["山羊", "养殖"], ["肉牛", "养殖"], ["蜜蜂", "养殖"], ["水产", "养殖"], ["土鸡", "养殖"], ["肉兔", "养殖"], ["小龙虾", "养殖"],
];

export const ASSOCIATION_TOPICS = [
  "建筑业", "火锅", "餐饮", "物流", "软件", "汽车摩托车", "物业管理", "房地产", "家具", "茶叶", "电子商务", "中医药", "摄影",
  "书法", "围棋", "老年体育", "钓鱼", "登山", "志愿服务", "青年企业家", "个体劳动者", "私营企业", "美容美发", "养老服务",
  "农产品流通", "旅游", "会计", "文化创意", "无人机", "乡村旅游",
] as const;

export const PROVINCE_SHORT = [
  "浙江", "福建", "广东", "江苏", "湖南", "湖北", "四川", "贵州", "云南", "陕西", "河南", "山东", "安徽", "江西", "广西", "甘肃",
  "河北", "山西", "黑龙江", "吉林", "辽宁", "内蒙古", "新疆", "青海", "宁夏", "海南", "台湾", "香港",
] as const;

export const PRIVATE_NONPROFIT_TYPES: readonly (readonly [string, string])[] = [
  ["培训学校", "P"], ["职业技能培训学校", "P"], ["幼儿园", "P"], ["艺术培训中心", "P"], ["养老服务中心", "Q"], ["社会工作服务中心", "Q"],
  ["康复中心", "Q"], ["社区服务中心", "S"],
];

export const FOUNDATION_PURPOSES = ["慈善", "教育", "助学", "乡村振兴", "文化发展", "医疗救助", "青少年发展", "生态保护", "见义勇为", "老年事业"] as const;

/** 事业单位 of a district: 重庆市渝北区 + unit. */
export const DISTRICT_INSTITUTIONS: readonly (readonly [string, string])[] = [
  ["人民医院", "Q"], ["中医院", "Q"], ["妇幼保健院", "Q"], ["疾病预防控制中心", "Q"], ["精神卫生中心", "Q"],
  ["不动产登记中心", "S"], ["公共资源交易中心", "S"], ["政务服务中心", "S"], ["社会保险事务中心", "S"], ["就业和人才服务中心", "S"],
  ["劳动人事争议仲裁院", "S"], ["机关事务服务中心", "S"], ["档案馆", "S"], ["融媒体中心", "R"], ["图书馆", "R"], ["文化馆", "R"],
  ["农业技术推广中心", "A"], ["林业科技推广站", "A"], ["水利工程管理站", "N"], ["市政设施管理所", "N"], ["园林绿化管理所", "N"],
  ["环境卫生管理所", "N"], ["教师进修学院", "P"], ["职业教育中心", "P"], ["城市照明管理所", "N"],
];

/** 事业单位 of a town (镇/街道). */
export const TOWN_INSTITUTIONS: readonly (readonly [string, string, "镇" | "街道" | "any"])[] = [
  ["农业服务中心", "A", "镇"], ["社区卫生服务中心", "Q", "街道"], ["卫生院", "Q", "镇"], ["社会事务综合服务中心", "S", "any"],
  ["文化服务中心", "R", "any"], ["退役军人服务站", "S", "any"], ["规划建设管理环保中心", "N", "镇"], ["便民服务中心", "S", "any"],
];

export const CITY_INSTITUTIONS: readonly (readonly [string, string])[] = [
  ["公共资源交易中心", "S"], ["不动产登记中心", "S"], ["疾病预防控制中心", "Q"], ["急救医疗中心", "Q"], ["公共信用信息中心", "S"],
  ["大数据应用发展中心", "I"], ["社会保险局", "S"], ["人才交流服务中心", "S"], ["科技发展战略研究院", "M"], ["地理信息和遥感应用中心", "M"],
  ["水文监测总站", "N"], ["生态环境监测中心", "N"], ["图书馆", "R"], ["群众艺术馆", "R"], ["中药研究院", "M"], ["农业技术推广总站", "A"],
];

export const CN_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九", "三十"] as const;

// ---------------------------------------------------------------------------------------------
// 行政处罚 templates

export interface PenaltyOption {
  w: number;
  kinds: readonly PenaltyKind[];
  /** 罚款 range in 万元 (log-uniform); required when kinds include 罚款. */
  fine?: readonly [number, number];
  /** 没收违法所得/非法财物 range in 万元. */
  confiscate?: readonly [number, number];
  /** Extra 处罚内容 text (责令停产停业 …, 吊销 …, 降低资质等级 …). */
  extra?: string;
  /** Name of the licence suspended or revoked (CF_NR_ZKDX). */
  licence?: string;
}

export interface FactContext {
  /** Date of the inspection or finding, in Chinese format (2025年3月12日). */
  date: string;
  /** Goods value or similar amount in yuan. */
  amount: number;
  rng: Rng;
}

export interface PenaltyTemplate {
  agency: AgencyKey;
  /** 门类 letters the template applies to ("*": any). */
  sectors: string;
  weight: number;
  /** 违法行为类型 (CF_WFXW). */
  title: string;
  facts: (c: FactContext) => string;
  /** 处罚依据 (CF_YJ). */
  basis: string;
  /** Abbreviation in the document number (default: the agency's abbr + 罚). */
  doc?: string;
  /** Probability this is decided by the city-level body instead of the district one. */
  cityShare?: number;
  options: readonly PenaltyOption[];
}

const FOODS = ["鲜牛奶", "火锅底料", "卤制品", "面包", "调味品", "饮料", "速冻水饺", "腊肉", "豆瓣酱", "方便面", "糕点", "食用植物油"];
const PRODUCTS = ["电线电缆", "插座", "儿童玩具", "化肥", "建筑用钢筋", "安全帽", "灭火器", "防水卷材", "汽车轮胎", "电动自行车"];

export const PENALTY_TEMPLATES: readonly PenaltyTemplate[] = [
  {
    agency: "market", sectors: "FHC", weight: 6, title: "经营超过保质期的食品",
    facts: (c) => `${c.date}，执法人员检查发现当事人经营的${c.rng.pick(FOODS)}已超过保质期，货值金额${c.amount}元，违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。`,
    basis: "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项",
    options: [
      { w: 7, kinds: ["没收违法所得", "罚款"], fine: [0.5, 10], confiscate: [0.005, 0.5] },
      { w: 2, kinds: ["警告"] },
      { w: 0.5, kinds: ["罚款", "吊销许可证件"], fine: [5, 20], licence: "食品经营许可证" },
      { w: 0.15, kinds: ["罚款", "吊销许可证件", "限制从业"], fine: [10, 20], licence: "食品经营许可证", extra: "对法定代表人{rep}处五年内禁止从事食品生产经营管理工作" },
    ],
  },
  {
    agency: "market", sectors: "FH", weight: 4, title: "未取得食品经营许可从事食品经营活动",
    facts: (c) => `当事人自${c.date}起未取得食品经营许可从事餐饮服务活动，违法所得${c.amount}元，违反了《中华人民共和国食品安全法》第三十五条第一款的规定。`,
    basis: "《中华人民共和国食品安全法》第一百二十二条第一款",
    options: [
      { w: 8, kinds: ["没收违法所得", "罚款"], fine: [0.5, 10], confiscate: [0.01, 1] },
      { w: 1, kinds: ["罚款"], fine: [5, 10] },
    ],
  },
  {
    agency: "market", sectors: "H", weight: 4, title: "食品从业人员未取得健康证明从事接触直接入口食品的工作",
    facts: (c) => `${c.date}，执法人员检查发现当事人安排未取得健康证明的人员从事接触直接入口食品的工作，违反了《中华人民共和国食品安全法》第四十五条第二款的规定。`,
    basis: "《中华人民共和国食品安全法》第一百二十六条第一款第（六）项",
    options: [
      { w: 6, kinds: ["警告"] },
      { w: 3, kinds: ["罚款"], fine: [0.5, 2] },
    ],
  },
  {
    agency: "market", sectors: "FHO", weight: 4, title: "不按规定明码标价",
    facts: (c) => `${c.date}，执法人员检查发现当事人销售的商品未按规定明码标价，违反了《中华人民共和国价格法》第十三条第一款的规定。`,
    basis: "《中华人民共和国价格法》第四十二条",
    options: [
      { w: 5, kinds: ["警告"] },
      { w: 5, kinds: ["罚款"], fine: [0.05, 0.5] },
    ],
  },
  {
    agency: "market", sectors: "FC", weight: 3, title: "销售不合格产品",
    facts: (c) => `经抽样检验，当事人销售的${c.rng.pick(PRODUCTS)}不合格，货值金额${c.amount}元，违反了《中华人民共和国产品质量法》第三十九条的规定。`,
    basis: "《中华人民共和国产品质量法》第五十条",
    options: [
      { w: 8, kinds: ["没收违法所得", "罚款"], fine: [0.5, 20], confiscate: [0.01, 2] },
      { w: 0.3, kinds: ["没收违法所得", "罚款", "吊销许可证件"], fine: [5, 30], confiscate: [0.1, 5], licence: "营业执照" },
    ],
  },
  {
    agency: "market", sectors: "*", weight: 1.5, title: "发布虚假广告", cityShare: 0.3,
    facts: (c) => `当事人自${c.date}起通过网络平台发布含有虚假内容的广告，广告费用无法计算，违反了《中华人民共和国广告法》第二十八条的规定。`,
    basis: "《中华人民共和国广告法》第五十五条第一款",
    options: [
      { w: 8, kinds: ["罚款"], fine: [20, 99] },
      { w: 1, kinds: ["罚款"], fine: [100, 200] },
    ],
  },
  {
    agency: "market", sectors: "CKGHF", weight: 2, title: "使用未经定期检验的特种设备",
    facts: (c) => `${c.date}，执法人员检查发现当事人使用的电梯超过定期检验有效期未申报检验，违反了《中华人民共和国特种设备安全法》第四十条第三款的规定。`,
    basis: "《中华人民共和国特种设备安全法》第八十四条第（一）项",
    options: [{ w: 1, kinds: ["罚款"], fine: [3, 30] }],
  },
  {
    agency: "market", sectors: "FH", weight: 2, title: "使用未经检定的计量器具",
    facts: (c) => `${c.date}，执法人员检查发现当事人使用的电子计价秤未经检定合格，违反了《中华人民共和国计量法》第九条第一款的规定。`,
    basis: "《中华人民共和国计量法实施细则》第四十三条",
    options: [{ w: 1, kinds: ["罚款"], fine: [0.01, 0.1] }],
  },
  {
    agency: "market", sectors: "*", weight: 2, title: "未依照规定办理变更登记",
    facts: (c) => `当事人于${c.date}变更住所后，未依照规定申请办理变更登记，经责令改正后仍未改正，违反了《中华人民共和国市场主体登记管理条例》第二十四条的规定。`,
    basis: "《中华人民共和国市场主体登记管理条例》第四十六条",
    options: [
      { w: 9, kinds: ["罚款"], fine: [1, 10] },
      { w: 0.3, kinds: ["吊销许可证件"], licence: "营业执照" },
    ],
  },
  {
    agency: "market", sectors: "FC", weight: 1.5, title: "侵犯注册商标专用权",
    facts: (c) => `${c.date}，执法人员在当事人经营场所查获侵犯他人注册商标专用权的商品，货值金额${c.amount}元，违反了《中华人民共和国商标法》第五十七条第（三）项的规定。`,
    basis: "《中华人民共和国商标法》第六十条第二款",
    options: [{ w: 1, kinds: ["没收非法财物", "罚款"], fine: [0.5, 25], confiscate: [0.05, 3] }],
  },
  {
    agency: "ecology", sectors: "CEG", weight: 3, title: "超过大气污染物排放标准排放大气污染物", cityShare: 0.25,
    facts: (c) => `${c.date}，执法人员对当事人废气排放口进行监督性监测，颗粒物排放浓度超过《大气污染物综合排放标准》限值，违反了《中华人民共和国大气污染防治法》第十八条的规定。`,
    basis: "《中华人民共和国大气污染防治法》第九十九条第（二）项",
    options: [
      { w: 8, kinds: ["罚款"], fine: [10, 100] },
      { w: 1.5, kinds: ["罚款", "责令停产停业"], fine: [20, 100], extra: "责令停产整治" },
    ],
  },
  {
    agency: "ecology", sectors: "E", weight: 3, title: "施工工地未采取扬尘污染防治措施",
    facts: (c) => `${c.date}，执法人员检查发现当事人施工工地裸露土方未覆盖、出入车辆未冲洗，违反了《中华人民共和国大气污染防治法》第六十九条第三款的规定。`,
    basis: "《中华人民共和国大气污染防治法》第一百一十五条第一款第（一）项",
    options: [{ w: 1, kinds: ["罚款"], fine: [1, 10] }],
  },
  {
    agency: "ecology", sectors: "C", weight: 1.5, title: "建设项目环境影响评价文件未经批准擅自开工建设",
    facts: (c) => `当事人建设项目的环境影响报告表未经生态环境主管部门审批，于${c.date}擅自开工建设，违反了《中华人民共和国环境影响评价法》第二十五条的规定。`,
    basis: "《中华人民共和国环境影响评价法》第三十一条第一款",
    options: [{ w: 1, kinds: ["罚款"], fine: [5, 50] }],
  },
  {
    agency: "ecology", sectors: "CN", weight: 1.5, title: "未依法取得排污许可证排放污染物",
    facts: (c) => `${c.date}，执法人员检查发现当事人未取得排污许可证即排放水污染物，违反了《排污许可管理条例》第二条第一款的规定。`,
    basis: "《排污许可管理条例》第三十三条第（一）项",
    options: [
      { w: 8, kinds: ["罚款"], fine: [20, 100] },
      { w: 1.5, kinds: ["罚款", "责令停产停业"], fine: [20, 100], extra: "责令停产整治" },
    ],
  },
  {
    agency: "ecology", sectors: "CQ", weight: 1.5, title: "未按照规定贮存危险废物",
    facts: (c) => `${c.date}，执法人员检查发现当事人将废机油等危险废物露天堆放，未设置危险废物识别标志，违反了《中华人民共和国固体废物污染环境防治法》第八十一条第一款的规定。`,
    basis: "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（六）项",
    options: [{ w: 1, kinds: ["罚款"], fine: [10, 100] }],
  },
  {
    agency: "ecology", sectors: "EH", weight: 1.5, title: "夜间施工产生噪声污染",
    facts: (c) => `${c.date}22时后，当事人未取得夜间施工证明在噪声敏感建筑物集中区域进行产生噪声的施工作业，违反了《中华人民共和国噪声污染防治法》第四十三条第一款的规定。`,
    basis: "《中华人民共和国噪声污染防治法》第七十七条第一款",
    options: [{ w: 1, kinds: ["罚款"], fine: [1, 10] }],
  },
  {
    agency: "housing", sectors: "E", weight: 3, title: "未按照工程建设强制性标准施工", cityShare: 0.3,
    facts: (c) => `${c.date}，经监督检查发现当事人承建的项目存在未按照工程设计图纸和施工技术标准施工的问题，违反了《建设工程质量管理条例》第二十八条第一款的规定。`,
    basis: "《建设工程质量管理条例》第六十四条",
    options: [
      { w: 8, kinds: ["罚款"], fine: [5, 80] },
      { w: 0.8, kinds: ["罚款", "降低资质等级"], fine: [10, 80], extra: "建筑工程施工总承包资质由贰级降为叁级" },
      { w: 0.4, kinds: ["罚款", "责令停产停业"], fine: [10, 80], extra: "责令停业整顿30日" },
    ],
  },
  {
    agency: "housing", sectors: "EK", weight: 2.5, title: "未取得施工许可证擅自施工",
    facts: (c) => `当事人承建的项目未取得建筑工程施工许可证，于${c.date}擅自开工建设，违反了《中华人民共和国建筑法》第七条的规定。`,
    basis: "《建筑工程施工许可管理办法》第十二条",
    options: [{ w: 1, kinds: ["罚款"], fine: [1, 20] }],
  },
  {
    agency: "housing", sectors: "E", weight: 2.5, title: "未按规定配备专职安全生产管理人员",
    facts: (c) => `${c.date}，经检查发现当事人施工现场未按规定配备专职安全生产管理人员，违反了《建设工程安全生产管理条例》第二十三条的规定。`,
    basis: "《建设工程安全生产管理条例》第六十二条第（一）项",
    options: [
      { w: 9, kinds: ["罚款"], fine: [5, 10] },
      { w: 0.5, kinds: ["罚款", "责令停产停业"], fine: [5, 10], extra: "责令停业整顿15日" },
    ],
  },
  {
    agency: "housing", sectors: "E", weight: 1.5, title: "违法分包", cityShare: 0.4,
    facts: (c) => `当事人将其承包的工程中的部分工程分包给不具备相应资质条件的单位，合同金额${c.amount}元，违反了《建设工程质量管理条例》第二十五条第三款的规定。`,
    basis: "《建设工程质量管理条例》第六十二条第一款",
    options: [
      { w: 8, kinds: ["没收违法所得", "罚款"], fine: [5, 50], confiscate: [0.5, 10] },
      { w: 0.6, kinds: ["罚款", "降低资质等级"], fine: [10, 60], extra: "建筑业企业资质由贰级降为叁级" },
    ],
  },
  {
    agency: "housing", sectors: "K", weight: 1.5, title: "未取得商品房预售许可证预售商品房", cityShare: 0.3,
    facts: (c) => `当事人在未取得商品房预售许可证的情况下，于${c.date}起向社会收取购房定金，违反了《城市房地产开发经营管理条例》第二十二条的规定。`,
    basis: "《城市房地产开发经营管理条例》第三十六条",
    options: [{ w: 1, kinds: ["没收违法所得", "罚款"], fine: [1, 50], confiscate: [1, 30] }],
  },
  {
    agency: "emergency", sectors: "CEF", weight: 3, title: "未如实记录安全生产教育和培训情况",
    facts: (c) => `${c.date}，执法人员检查发现当事人未如实记录从业人员安全生产教育和培训情况，违反了《中华人民共和国安全生产法》第二十八条第四款的规定。`,
    basis: "《中华人民共和国安全生产法》第九十七条第（四）项",
    options: [{ w: 1, kinds: ["罚款"], fine: [1, 10] }],
  },
  {
    agency: "emergency", sectors: "CF", weight: 1.5, title: "未取得危险化学品经营许可证经营危险化学品",
    facts: (c) => `当事人未取得危险化学品经营许可证，自${c.date}起在其经营场所销售汽油等危险化学品，违法所得${c.amount}元，违反了《危险化学品安全管理条例》第三十三条第一款的规定。`,
    basis: "《危险化学品安全管理条例》第七十七条第三款",
    options: [{ w: 1, kinds: ["没收违法所得", "罚款"], fine: [10, 20], confiscate: [0.05, 3] }],
  },
  {
    agency: "emergency", sectors: "CE", weight: 1, title: "对生产安全事故发生负有责任", cityShare: 0.3,
    facts: (c) => `${c.date}，当事人发生一起生产安全一般事故，造成1人死亡，经调查认定当事人对事故发生负有责任，违反了《中华人民共和国安全生产法》第四条第一款的规定。`,
    basis: "《中华人民共和国安全生产法》第一百一十四条第一款第（一）项",
    options: [
      { w: 9, kinds: ["罚款"], fine: [30, 99] },
      { w: 1, kinds: ["罚款"], fine: [100, 200] },
    ],
  },
  {
    agency: "emergency", sectors: "C", weight: 1, title: "未对重大危险源进行登记建档",
    facts: (c) => `${c.date}，执法人员检查发现当事人未对其储罐区重大危险源登记建档并进行定期检测、评估，违反了《中华人民共和国安全生产法》第四十条第一款的规定。`,
    basis: "《中华人民共和国安全生产法》第一百零一条第（二）项",
    options: [
      { w: 9, kinds: ["罚款"], fine: [1, 10] },
      { w: 0.8, kinds: ["罚款", "责令停产停业"], fine: [10, 20], extra: "责令停产停业整顿" },
    ],
  },
  {
    agency: "transport", sectors: "G", weight: 4, title: "未取得道路运输经营许可擅自从事道路普通货物运输经营",
    facts: (c) => `${c.date}，执法人员检查发现当事人未取得道路运输经营许可，擅自从事道路普通货物运输经营，违法所得${c.amount}元，违反了《中华人民共和国道路运输条例》第二十四条的规定。`,
    basis: "《中华人民共和国道路运输条例》第六十三条",
    options: [{ w: 1, kinds: ["没收违法所得", "罚款"], fine: [1, 5], confiscate: [0.01, 0.5] }],
  },
  {
    agency: "transport", sectors: "G", weight: 3, title: "车辆违法超限运输",
    facts: (c) => `${c.date}，当事人所属货车在G65包茂高速公路超限检测站经检测车货总重超过限定标准，违反了《公路安全保护条例》第三十三条第一款的规定。`,
    basis: "《公路安全保护条例》第六十四条",
    options: [{ w: 1, kinds: ["罚款"], fine: [0.05, 3] }],
  },
  {
    agency: "transport", sectors: "G", weight: 2, title: "从事道路运输未随车携带道路运输证",
    facts: (c) => `${c.date}，执法人员检查发现当事人所属营运车辆未随车携带道路运输证，违反了《中华人民共和国道路运输条例》第三十三条的规定。`,
    basis: "《中华人民共和国道路运输条例》第六十八条",
    options: [
      { w: 7, kinds: ["警告"] },
      { w: 3, kinds: ["罚款"], fine: [0.005, 0.02] },
    ],
  },
  {
    agency: "tax", sectors: "*", weight: 3, title: "未按照规定期限办理纳税申报和报送纳税资料", doc: "税简罚",
    facts: (c) => `当事人未按照规定期限办理${c.date.slice(0, c.date.indexOf("月") + 1)}所属期增值税纳税申报，违反了《中华人民共和国税收征收管理法》第二十五条第一款的规定。`,
    basis: "《中华人民共和国税收征收管理法》第六十二条",
    options: [
      { w: 9, kinds: ["罚款"], fine: [0.005, 0.2] },
      { w: 1, kinds: ["罚款"], fine: [0.2, 1] },
    ],
  },
  {
    agency: "tax", sectors: "*", weight: 1.2, title: "逃避缴纳税款", doc: "税稽罚", cityShare: 0.3,
    facts: (c) => `经检查，当事人通过账外经营、隐匿收入等方式少缴增值税、企业所得税等税款共计${c.amount}元，违反了《中华人民共和国税收征收管理法》第六十三条第一款的规定。`,
    basis: "《中华人民共和国税收征收管理法》第六十三条第一款",
    options: [
      { w: 8, kinds: ["罚款"], fine: [0.5, 90] },
      { w: 1, kinds: ["罚款"], fine: [100, 500] },
    ],
  },
  {
    agency: "tax", sectors: "FLGM", weight: 0.8, title: "虚开发票", doc: "税稽罚", cityShare: 0.3,
    facts: (c) => `当事人在没有真实业务交易的情况下为他人开具增值税普通发票，金额合计${c.amount}元，违反了《中华人民共和国发票管理办法》第二十一条第二款的规定。`,
    basis: "《中华人民共和国发票管理办法》第三十五条",
    options: [{ w: 1, kinds: ["没收违法所得", "罚款"], fine: [5, 50], confiscate: [0.1, 5] }],
  },
  {
    agency: "tax", sectors: "*", weight: 1, title: "未按照规定保管发票", doc: "税简罚",
    facts: (c) => `当事人于${c.date}丢失已开具的增值税普通发票，违反了《中华人民共和国发票管理办法》第二十九条的规定。`,
    basis: "《中华人民共和国发票管理办法》第三十三条",
    options: [{ w: 1, kinds: ["罚款"], fine: [0.01, 1] }],
  },
  {
    agency: "urban", sectors: "EG", weight: 2.5, title: "运输建筑垃圾沿途丢弃、遗撒",
    facts: (c) => `${c.date}，当事人所属建筑垃圾运输车辆在运输过程中沿途遗撒，违反了《城市建筑垃圾管理规定》第十四条的规定。`,
    basis: "《城市建筑垃圾管理规定》第二十三条",
    options: [{ w: 1, kinds: ["罚款"], fine: [0.5, 5] }],
  },
  {
    agency: "urban", sectors: "FHO", weight: 3, title: "擅自占用城市道路从事经营活动",
    facts: (c) => `${c.date}，当事人擅自在经营场所门前人行道上摆放桌椅从事经营活动，违反了《城市道路管理条例》第二十七条第（五）项的规定。`,
    basis: "《城市道路管理条例》第四十二条",
    options: [
      { w: 6, kinds: ["警告"] },
      { w: 4, kinds: ["罚款"], fine: [0.02, 0.5] },
    ],
  },
  {
    agency: "urban", sectors: "FHRL", weight: 1.5, title: "擅自设置户外广告设施",
    facts: (c) => `当事人未经批准于${c.date}在建筑物外墙擅自设置大型户外广告设施，违反了《城市市容和环境卫生管理条例》第十一条的规定。`,
    basis: "《城市市容和环境卫生管理条例》第三十六条第（二）项",
    options: [{ w: 1, kinds: ["罚款"], fine: [0.05, 1] }],
  },
  {
    agency: "health", sectors: "Q", weight: 3, title: "使用非卫生技术人员从事医疗卫生技术工作",
    facts: (c) => `${c.date}，执法人员检查发现当事人使用未取得执业资格的人员从事诊疗活动，违反了《医疗机构管理条例》第二十七条的规定。`,
    basis: "《医疗机构管理条例》第四十七条",
    options: [
      { w: 9, kinds: ["罚款"], fine: [1, 10] },
      { w: 0.5, kinds: ["罚款", "吊销许可证件"], fine: [5, 15], licence: "医疗机构执业许可证" },
    ],
  },
  {
    agency: "health", sectors: "OHR", weight: 2, title: "公共场所未依法取得卫生许可证擅自营业",
    facts: (c) => `${c.date}，执法人员检查发现当事人未取得公共场所卫生许可证擅自营业，违反了《公共场所卫生管理条例》第八条的规定。`,
    basis: "《公共场所卫生管理条例实施细则》第三十五条第一款",
    options: [
      { w: 6, kinds: ["警告"] },
      { w: 4, kinds: ["罚款"], fine: [0.05, 3] },
    ],
  },
  {
    agency: "health", sectors: "QP", weight: 1, title: "未按规定分类收集医疗废物",
    facts: (c) => `${c.date}，执法人员检查发现当事人未将医疗废物按照类别分置于专用包装物或者容器，违反了《医疗废物管理条例》第十六条的规定。`,
    basis: "《医疗废物管理条例》第四十六条",
    options: [{ w: 1, kinds: ["警告", "罚款"], fine: [0.2, 3] }],
  },
  {
    agency: "hrss", sectors: "*", weight: 2, title: "违反规定延长劳动者工作时间",
    facts: (c) => `经劳动保障监察，当事人自${c.date}起安排劳动者每月加班超过36小时，违反了《中华人民共和国劳动法》第四十一条的规定。`,
    basis: "《劳动保障监察条例》第二十五条",
    options: [
      { w: 5, kinds: ["警告", "罚款"], fine: [0.1, 2] },
      { w: 5, kinds: ["罚款"], fine: [0.1, 2] },
    ],
  },
  {
    agency: "hrss", sectors: "ELC", weight: 1.5, title: "未按规定办理社会保险登记",
    facts: (c) => `当事人自${c.date}用工之日起三十日内未为职工向社会保险经办机构申请办理社会保险登记，违反了《中华人民共和国社会保险法》第五十八条第一款的规定。`,
    basis: "《中华人民共和国社会保险法》第八十四条",
    options: [{ w: 1, kinds: ["罚款"], fine: [0.1, 5] }],
  },
  {
    agency: "hrss", sectors: "L", weight: 1.5, title: "未经许可擅自经营劳务派遣业务",
    facts: (c) => `当事人未取得劳务派遣行政许可，自${c.date}起擅自经营劳务派遣业务，违法所得${c.amount}元，违反了《中华人民共和国劳动合同法》第五十七条第二款的规定。`,
    basis: "《中华人民共和国劳动合同法》第九十二条第一款",
    options: [{ w: 1, kinds: ["没收违法所得", "罚款"], fine: [1, 20], confiscate: [0.5, 10] }],
  },
  {
    agency: "drug", sectors: "FQ", weight: 2, title: "未遵守药品经营质量管理规范", cityShare: 1,
    facts: (c) => `${c.date}，检查发现当事人未按规定对药品储存温湿度进行监测和记录，违反了《中华人民共和国药品管理法》第五十三条第一款的规定。`,
    basis: "《中华人民共和国药品管理法》第一百二十六条",
    options: [
      { w: 4, kinds: ["警告"] },
      { w: 5, kinds: ["罚款"], fine: [10, 50] },
      { w: 0.5, kinds: ["罚款", "责令停产停业"], fine: [50, 100], extra: "责令停业整顿" },
    ],
  },
  {
    agency: "drug", sectors: "FQ", weight: 1, title: "经营不符合强制性标准的医疗器械", cityShare: 1,
    facts: (c) => `经抽样检验，当事人经营的一次性使用无菌注射器不符合强制性标准，货值金额${c.amount}元，违反了《医疗器械监督管理条例》第五十五条的规定。`,
    basis: "《医疗器械监督管理条例》第八十六条第（一）项",
    options: [{ w: 1, kinds: ["没收违法所得", "没收非法财物", "罚款"], fine: [2, 5], confiscate: [0.01, 0.5] }],
  },
  {
    agency: "agri", sectors: "AF", weight: 2, title: "经营假农药",
    facts: (c) => `经抽检，当事人经营的除草剂有效成分含量与登记不符，货值金额${c.amount}元，违反了《农药管理条例》第二十九条的规定。`,
    basis: "《农药管理条例》第五十五条第一款第（一）项",
    options: [{ w: 1, kinds: ["没收违法所得", "没收非法财物", "罚款"], fine: [0.5, 5], confiscate: [0.01, 0.3] }],
  },
  {
    agency: "agri", sectors: "A", weight: 1.5, title: "未按规定对病死动物进行无害化处理",
    facts: (c) => `${c.date}，执法人员检查发现当事人将病死生猪随意丢弃，未按照规定进行无害化处理，违反了《中华人民共和国动物防疫法》第五十七条第一款的规定。`,
    basis: "《中华人民共和国动物防疫法》第九十八条第（七）项",
    options: [{ w: 1, kinds: ["罚款"], fine: [0.3, 3] }],
  },
  {
    agency: "culture", sectors: "LR", weight: 2, title: "旅行社未与旅游者签订书面旅游合同",
    facts: (c) => `当事人于${c.date}组织旅游团出游，未与旅游者签订书面旅游合同，违反了《中华人民共和国旅游法》第五十八条第一款的规定。`,
    basis: "《中华人民共和国旅游法》第一百条第（一）项",
    options: [
      { w: 9, kinds: ["罚款"], fine: [0.5, 5] },
      { w: 0.5, kinds: ["罚款", "责令停产停业"], fine: [2, 5], extra: "责令停业整顿1个月" },
    ],
  },
  {
    agency: "culture", sectors: "R", weight: 1, title: "未经批准举办营业性演出",
    facts: (c) => `当事人未经批准于${c.date}在其经营场所举办营业性演出，违法所得${c.amount}元，违反了《营业性演出管理条例》第十三条的规定。`,
    basis: "《营业性演出管理条例》第四十三条",
    options: [{ w: 1, kinds: ["没收违法所得", "罚款"], fine: [5, 10], confiscate: [0.1, 2] }],
  },
  {
    agency: "planning", sectors: "KEC", weight: 1.2, title: "未取得建设工程规划许可证进行建设", cityShare: 0.3,
    facts: (c) => `当事人未取得建设工程规划许可证，于${c.date}擅自修建钢结构厂房约860平方米，违反了《中华人民共和国城乡规划法》第四十条第一款的规定。`,
    basis: "《中华人民共和国城乡规划法》第六十四条",
    options: [
      { w: 8, kinds: ["罚款"], fine: [5, 90] },
      { w: 1, kinds: ["罚款"], fine: [100, 260] },
    ],
  },
  {
    agency: "fire", sectors: "*", weight: 3, title: "消防设施、器材配置不符合标准",
    facts: (c) => `${c.date}，消防监督检查发现当事人场所内消防设施、器材配置不符合国家标准，违反了《中华人民共和国消防法》第十六条第一款第（二）项的规定。`,
    basis: "《中华人民共和国消防法》第六十条第一款第（一）项",
    options: [{ w: 1, kinds: ["罚款"], fine: [0.5, 5] }],
  },
  {
    agency: "fire", sectors: "HFR", weight: 2, title: "占用、堵塞、封闭疏散通道、安全出口",
    facts: (c) => `${c.date}，消防监督检查发现当事人锁闭安全出口、堆放杂物占用疏散通道，违反了《中华人民共和国消防法》第二十八条的规定。`,
    basis: "《中华人民共和国消防法》第六十条第一款第（三）项",
    options: [
      { w: 9, kinds: ["罚款"], fine: [0.5, 5] },
      { w: 0.6, kinds: ["罚款", "责令停产停业"], fine: [1, 5], extra: "责令停产停业（临时查封）" },
    ],
  },
  {
    agency: "education", sectors: "P", weight: 2, title: "违反国家有关规定开展校外培训",
    facts: (c) => `${c.date}，检查发现当事人超出办学许可范围开展学科类培训，违反了《中华人民共和国民办教育促进法》第十二条的规定。`,
    basis: "《中华人民共和国民办教育促进法》第六十二条",
    options: [
      { w: 8, kinds: ["警告"] },
      { w: 0.6, kinds: ["没收违法所得", "吊销许可证件"], confiscate: [0.5, 5], licence: "民办学校办学许可证" },
    ],
  },
  {
    agency: "civil", sectors: "S", weight: 2, title: "未按照规定接受年度检查",
    facts: (c) => `当事人未按照规定参加${c.date}所在年度的年度检查，违反了《社会团体登记管理条例》第二十八条的规定。`,
    basis: "《社会团体登记管理条例》第三十条第一款第（五）项",
    options: [
      { w: 9, kinds: ["警告"] },
      { w: 1, kinds: ["其他"], extra: "责令撤换直接负责的主管人员" },
    ],
  },
  {
    agency: "water", sectors: "ACN", weight: 1, title: "未经批准擅自取水",
    facts: (c) => `当事人未依法取得取水许可，自${c.date}起擅自从河道取水用于生产，违反了《中华人民共和国水法》第四十八条第一款的规定。`,
    basis: "《中华人民共和国水法》第六十九条第（一）项",
    options: [{ w: 1, kinds: ["罚款"], fine: [2, 10] }],
  },
];

// ---------------------------------------------------------------------------------------------
// 行政许可 templates

export interface RefContext {
  rng: Rng;
  region: string;
  short: string;
  year: string;
  code: string;
  decidedOn: string;
}

export interface LicenceTemplate {
  agency: AgencyKey;
  sectors: string;
  weight: number;
  /** 许可证书名称. */
  title: string;
  /** 许可类别: 普通/特许/认可/核准/登记/其他. */
  kind: "普通" | "特许" | "认可" | "核准" | "登记" | "其他";
  /** 许可内容 (XK_NR) candidates. */
  contents: readonly string[];
  /** Validity in years; 0 means long term (valid_until 2099-12-31). */
  years: number;
  cityShare?: number;
  ref: (c: RefContext) => string;
}

const digits = (r: Rng, n: number) => {
  let s = "";
  for (let i = 0; i < n; i++) s += String(r.int(0, 9));
  return s;
};


export const LICENCE_TEMPLATES: readonly LicenceTemplate[] = [
  {
    agency: "market", sectors: "HF", weight: 8, title: "食品经营许可证", kind: "普通", years: 5,
    contents: ["预包装食品销售（含冷藏冷冻食品）；散装食品销售（不含冷藏冷冻食品）", "热食类食品制售；冷食类食品制售", "热食类食品制售；自制饮品制售", "预包装食品销售（不含冷藏冷冻食品）", "保健食品销售；特殊医学用途配方食品销售"],
    ref: (c) => `JY${c.rng.int(1, 3)}${c.region}${digits(c.rng, 6)}${c.rng.int(0, 9)}`,
  },
  {
    agency: "market", sectors: "C", weight: 3, title: "食品生产许可证", kind: "普通", years: 5, cityShare: 0.3,
    contents: ["调味品：半固态调味料（火锅底料）", "方便食品：方便面", "糕点：热加工糕点", "饮料：包装饮用水", "肉制品：腌腊肉制品"],
    ref: (c) => `SC${c.rng.int(101, 131)}${c.region}${digits(c.rng, 4)}${c.rng.int(0, 9)}`,
  },
  {
    agency: "market", sectors: "CKGH", weight: 2, title: "特种设备使用登记证", kind: "登记", years: 0,
    contents: ["电梯：曳引驱动乘客电梯", "压力容器：储气罐", "场（厂）内专用机动车辆：叉车", "起重机械：桥式起重机"],
    ref: (c) => `${c.rng.pick(["梯11", "容1C", "车11", "起17"])}渝${c.rng.pick(["A", "B", "C", "D", "F"])}${digits(c.rng, 5)}（${c.year.slice(2)}）`,
  },
  {
    agency: "market", sectors: "C", weight: 1, title: "工业产品生产许可证", kind: "普通", years: 5, cityShare: 1,
    contents: ["电线电缆", "危险化学品：涂料", "建筑用钢筋", "化肥：复混肥料"],
    ref: (c) => `渝XK${c.rng.int(10, 16)}-${digits(c.rng, 3)}-${digits(c.rng, 5)}`,
  },
  {
    agency: "market", sectors: "M", weight: 3, title: "检验检测机构资质认定证书", kind: "认可", years: 6, cityShare: 1,
    contents: ["建筑材料及构配件检测", "食品及食品添加剂检测", "环境监测（水和废水、空气和废气）", "机动车安全技术检验"],
    ref: (c) => `${c.year.slice(2)}${c.rng.int(10, 99)}${"50"}${digits(c.rng, 6)}`,
  },
  {
    agency: "ecology", sectors: "CNQD", weight: 3, title: "排污许可证", kind: "普通", years: 5,
    contents: ["行业类别：汽车零部件及配件制造；管理类别：简化管理", "行业类别：污水处理及其再生利用；管理类别：重点管理", "行业类别：医院；管理类别：简化管理", "行业类别：调味品、发酵制品制造；管理类别：简化管理", "行业类别：塑料制品业；管理类别：简化管理"],
    ref: (c) => `${c.code}00${c.rng.int(1, 3)}${c.rng.pick(["P", "U", "V"])}`,
  },
  {
    agency: "ecology", sectors: "Q", weight: 1, title: "辐射安全许可证", kind: "普通", years: 5, cityShare: 0.5,
    contents: ["使用Ⅲ类射线装置", "使用Ⅱ类、Ⅲ类射线装置"],
    ref: (c) => `渝环辐证[${digits(c.rng, 5)}]`,
  },
  {
    agency: "housing", sectors: "E", weight: 5, title: "建筑业企业资质证书", kind: "认可", years: 5, cityShare: 0.6,
    contents: ["建筑工程施工总承包贰级；市政公用工程施工总承包叁级", "施工劳务不分等级", "建筑装修装饰工程专业承包贰级", "环保工程专业承包叁级", "市政公用工程施工总承包贰级", "城市及道路照明工程专业承包叁级", "钢结构工程专业承包贰级"],
    ref: (c) => `D${c.rng.int(2, 3)}50${digits(c.rng, 6)}`,
  },
  {
    agency: "housing", sectors: "E", weight: 3, title: "安全生产许可证", kind: "普通", years: 3, cityShare: 1,
    contents: ["建筑施工"],
    ref: (c) => `（渝）JZ安许证字[${c.year}]${digits(c.rng, 6)}`,
  },
  {
    agency: "housing", sectors: "EK", weight: 4, title: "建筑工程施工许可证", kind: "普通", years: 0,
    contents: [],
    ref: (c) => `${c.region}${c.decidedOn.replace(/-/g, "")}${digits(c.rng, 2)}01`,
  },
  {
    agency: "housing", sectors: "K", weight: 2, title: "房地产开发企业资质证书", kind: "认可", years: 3,
    contents: ["房地产开发二级", "房地产开发一级"],
    ref: (c) => `渝建房开（${c.short}）字第${digits(c.rng, 5)}号`,
  },
  {
    agency: "housing", sectors: "K", weight: 2, title: "商品房预售许可证", kind: "普通", years: 0,
    contents: [],
    ref: (c) => `渝住建委（${c.year}）预字第${digits(c.rng, 4)}号`,
  },
  {
    agency: "planning", sectors: "EK", weight: 2, title: "建设工程规划许可证", kind: "普通", years: 0,
    contents: [],
    ref: (c) => `建字第${c.region}${c.year}${digits(c.rng, 5)}号`,
  },
  {
    agency: "emergency", sectors: "FC", weight: 1.5, title: "危险化学品经营许可证", kind: "普通", years: 3,
    contents: ["不带有储存设施经营：汽油、柴油", "不带有储存设施经营：乙炔、氧气[压缩的]", "带有储存设施经营：甲醇、乙醇[无水]"],
    ref: (c) => `渝（${c.short}）危化经字〔${c.year}〕${digits(c.rng, 6)}`,
  },
  {
    agency: "transport", sectors: "G", weight: 6, title: "道路运输经营许可证", kind: "普通", years: 4,
    contents: ["道路普通货物运输；货物专用运输（集装箱）", "道路普通货物运输", "道路旅客运输（省际包车客运）", "道路危险货物运输（2类1项、3类）", "道路普通货物运输；大型物件运输"],
    ref: (c) => `渝交运管许可${c.short}字${c.region}${digits(c.rng, 6)}号`,
  },
  {
    agency: "health", sectors: "Q", weight: 5, title: "医疗机构执业许可证", kind: "登记", years: 5,
    contents: ["内科；外科；妇产科；儿科；中医科；医学检验科；医学影像科", "预防保健科；全科医疗科；中医科", "口腔科", "中医科；针灸科；推拿科", "康复医学科；老年病专业"],
    ref: (c) => `PDY${digits(c.rng, 5)}${c.region}${digits(c.rng, 2)}${c.rng.pick(["A", "D", "J"])}${c.rng.int(1, 2)}${digits(c.rng, 3)}`,
  },
  {
    agency: "health", sectors: "OHR", weight: 3, title: "公共场所卫生许可证", kind: "普通", years: 4,
    contents: ["住宿业", "美容美发场所", "沐浴场所", "游泳场所", "影剧院"],
    ref: (c) => `渝卫公证字〔${c.year}〕第${c.region}${digits(c.rng, 6)}号`,
  },
  {
    agency: "drug", sectors: "FQ", weight: 3, title: "药品经营许可证", kind: "普通", years: 5, cityShare: 1,
    contents: ["处方药、甲类非处方药、乙类非处方药：中成药、化学药制剂、抗生素制剂、生化药品", "乙类非处方药：中成药、化学药制剂", "中药饮片、中成药、化学药制剂、生物制品（除疫苗）"],
    ref: (c) => `渝${c.rng.pick(["A", "B", "C"])}${c.rng.pick(["A", "B"])}${digits(c.rng, 7)}`,
  },
  {
    agency: "drug", sectors: "FQ", weight: 2, title: "医疗器械经营许可证", kind: "普通", years: 5, cityShare: 1,
    contents: ["第三类医疗器械：14注输、护理和防护器械；22临床检验器械", "第三类医疗器械：6815注射穿刺器械；6866医用高分子材料及制品", "第三类医疗器械：体外诊断试剂"],
    ref: (c) => `渝药监械经营许${c.year}${digits(c.rng, 4)}号`,
  },
  {
    agency: "hrss", sectors: "L", weight: 3, title: "劳务派遣经营许可证", kind: "普通", years: 3,
    contents: ["劳务派遣"],
    ref: (c) => `渝劳派许字〔${c.year}〕第${c.region}${digits(c.rng, 3)}号`,
  },
  {
    agency: "hrss", sectors: "L", weight: 2, title: "人力资源服务许可证", kind: "普通", years: 0,
    contents: ["人力资源供求信息的收集和发布；就业和创业指导；人力资源管理咨询", "职业介绍；人力资源测评；高级人才寻访"],
    ref: (c) => `（渝）人服证字〔${c.year}〕第${c.region}${digits(c.rng, 4)}号`,
  },
  {
    agency: "agri", sectors: "AF", weight: 3, title: "农药经营许可证", kind: "普通", years: 5,
    contents: ["农药（不含限制使用农药）", "农药（含限制使用农药）"],
    ref: (c) => `农药经许（渝）${c.region}${c.year}${digits(c.rng, 4)}`,
  },
  {
    agency: "agri", sectors: "A", weight: 3, title: "动物防疫条件合格证", kind: "核准", years: 0,
    contents: ["生猪养殖", "山羊养殖", "肉牛养殖", "家禽养殖"],
    ref: (c) => `（渝${c.short}）动防合字第${c.year}${digits(c.rng, 4)}号`,
  },
  {
    agency: "culture", sectors: "L", weight: 2, title: "旅行社业务经营许可证", kind: "普通", years: 0, cityShare: 1,
    contents: ["国内旅游业务；入境旅游业务", "国内旅游业务；入境旅游业务；出境旅游业务"],
    ref: (c) => `L-CQ-${digits(c.rng, 6)}`,
  },
  {
    agency: "culture", sectors: "R", weight: 3, title: "营业性演出许可证", kind: "普通", years: 2, cityShare: 0.5,
    contents: ["演出经纪机构", "演出场所经营单位"],
    ref: (c) => `${c.region}${c.rng.int(11, 13)}${digits(c.rng, 4)}`,
  },
  {
    agency: "culture", sectors: "RI", weight: 2, title: "网络文化经营许可证", kind: "普通", years: 3, cityShare: 1,
    contents: ["利用信息网络经营音乐娱乐产品、演出剧（节）目、动漫产品", "利用信息网络经营艺术品、网络表演"],
    ref: (c) => `渝网文〔${c.year}〕${digits(c.rng, 4)}-${digits(c.rng, 3)}号`,
  },
  {
    agency: "telecom", sectors: "IM", weight: 4, title: "增值电信业务经营许可证", kind: "普通", years: 5, cityShare: 1,
    contents: ["第二类增值电信业务中的信息服务业务（仅限互联网信息服务）", "第一类增值电信业务中的互联网数据中心业务", "第二类增值电信业务中的在线数据处理与交易处理业务"],
    ref: (c) => `渝B2-${c.year}${digits(c.rng, 4)}`,
  },
  {
    agency: "education", sectors: "P", weight: 4, title: "民办学校办学许可证", kind: "普通", years: 5,
    contents: ["文化艺术类培训", "职业技能培训：电工、焊工、育婴员", "学前教育", "体育类培训"],
    ref: (c) => `教民${c.region}${digits(c.rng, 9)}号`,
  },
  {
    agency: "water", sectors: "ACND", weight: 1.5, title: "取水许可证", kind: "特许", years: 5,
    contents: ["取水量：12.5万立方米/年；水源类型：地表水", "取水量：3.6万立方米/年；水源类型：地下水"],
    ref: (c) => `取水（渝${c.short}）字[${c.year}]第${digits(c.rng, 4)}号`,
  },
  {
    agency: "urban", sectors: "EG", weight: 2, title: "城市建筑垃圾处置核准", kind: "核准", years: 1,
    contents: ["建筑垃圾运输", "建筑垃圾消纳"],
    ref: (c) => `渝${c.short}城管建垃准〔${c.year}〕${digits(c.rng, 4)}号`,
  },
  {
    agency: "urban", sectors: "FHRLO", weight: 1.5, title: "户外广告设施设置许可", kind: "其他", years: 2,
    contents: ["户外招牌设置", "大型户外广告设施设置"],
    ref: (c) => `渝${c.short}城管广许〔${c.year}〕${digits(c.rng, 4)}号`,
  },
  {
    agency: "urban", sectors: "NCH", weight: 1, title: "城镇污水排入排水管网许可证", kind: "普通", years: 5,
    contents: ["排水户类型：餐饮；排放去向：城镇污水管网", "排水户类型：工业；排放去向：城镇污水管网"],
    ref: (c) => `渝排许〔${c.year}〕${c.short}字第${digits(c.rng, 4)}号`,
  },
  {
    agency: "fire", sectors: "HRF", weight: 2, title: "公众聚集场所投入使用、营业前消防安全检查合格证", kind: "普通", years: 0,
    contents: ["餐饮场所", "商场", "歌舞娱乐场所", "宾馆"],
    ref: (c) => `渝${c.short}消安检字〔${c.year}〕第${digits(c.rng, 4)}号`,
  },
  {
    agency: "civil", sectors: "S", weight: 4, title: "社会组织登记证书", kind: "登记", years: 5,
    contents: ["社会团体成立登记", "民办非企业单位成立登记", "基金会设立登记"],
    ref: (c) => c.code,
  },
];

// ---------------------------------------------------------------------------------------------
// 名单 reasons

export interface ListReason {
  agency: AgencyKey;
  reason: string;
  basis: string;
  /** Doc-number abbreviation (after the district short): 市监经异列, 财采处 … */
  doc: string;
  /** Planned listing period in months (counted from listed_on). */
  months: number;
  weight: number;
  /** City-level body only. */
  city?: boolean;
  /** Restrict to these subject kinds. */
  kinds?: readonly SubjectKind[];
  /** Restrict to these 门类. */
  sectors?: string;
}

export const ABNORMAL_REASONS: readonly ListReason[] = [
  { agency: "market", reason: "未按规定报送年度报告", basis: "《企业经营异常名录管理暂行办法》第四条第（一）项", doc: "市监经异列", months: 36, weight: 70 },
  { agency: "market", reason: "未按照规定期限公示有关企业信息", basis: "《企业经营异常名录管理暂行办法》第四条第（二）项", doc: "市监经异列", months: 36, weight: 5 },
  { agency: "market", reason: "公示企业信息隐瞒真实情况、弄虚作假", basis: "《企业经营异常名录管理暂行办法》第四条第（三）项", doc: "市监经异列", months: 36, weight: 5 },
  { agency: "market", reason: "通过登记的住所或者经营场所无法联系", basis: "《企业经营异常名录管理暂行办法》第四条第（四）项", doc: "市监经异列", months: 36, weight: 20 },
];

export const LIST_REASONS: Readonly<Record<Exclude<ListType, "abnormal_operation" | "dishonest_judgment_debtor">, readonly ListReason[]>> = {
  serious_dishonesty: [
    { agency: "market", reason: "被列入经营异常名录届满3年仍未履行相关义务", basis: "《市场监督管理严重违法失信名单管理办法》第十三条", doc: "市监严列", months: 36, weight: 45 },
    { agency: "market", reason: "实施食品安全领域严重违法行为，受到较重行政处罚", basis: "《市场监督管理严重违法失信名单管理办法》第五条", doc: "市监严列", months: 36, weight: 8, sectors: "FHC" },
    { agency: "market", reason: "提交虚假材料、隐瞒重要事实取得市场主体登记，被撤销登记", basis: "《市场监督管理严重违法失信名单管理办法》第九条", doc: "市监严列", months: 36, weight: 6 },
    { agency: "hrss", reason: "克扣、无故拖欠农民工工资达到认定拒不支付劳动报酬罪数额标准", basis: "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条第（一）项", doc: "人社欠薪列", months: 36, weight: 12, sectors: "EL" },
    { agency: "emergency", reason: "发生较大生产安全事故，负有主要责任", basis: "《安全生产严重失信主体名单管理办法》第五条第（一）项", doc: "应急严列", months: 36, weight: 6, sectors: "CEG" },
    { agency: "ecology", reason: "篡改、伪造自动监测数据，逃避监管排放污染物", basis: "《企业环境信用评价办法（试行）》第十九条", doc: "环信用", months: 36, weight: 6, sectors: "CN" },
    { agency: "housing", reason: "利用虚假材料、以欺骗手段取得企业资质", basis: "《建筑市场信用管理暂行办法》第十四条第（一）项", doc: "建信用", months: 36, weight: 6, sectors: "E" },
    { agency: "civil", reason: "被撤销登记的社会组织", basis: "《社会组织信用信息管理办法》第十一条", doc: "民严列", months: 60, weight: 4, kinds: ["social_org"] },
  ],
  key_supervision: [
    { agency: "ecology", reason: "列入环境监管重点单位名录（重点排污单位）", basis: "《环境监管重点单位名录管理办法》第四条", doc: "环重点", months: 12, weight: 30, sectors: "CNQD" },
    { agency: "emergency", reason: "一年内两次以上因安全生产违法行为受到行政处罚", basis: "《国务院办公厅关于进一步完善失信约束制度构建诚信建设长效机制的指导意见》（国办发〔2020〕49号）", doc: "应急重点", months: 12, weight: 20, sectors: "CEFG" },
    { agency: "market", reason: "一年内因同一违法行为两次受到行政处罚，列为重点监管对象", basis: "《市场监督管理严重违法失信名单管理办法》第十二条", doc: "市监重点", months: 12, weight: 30 },
    { agency: "transport", reason: "道路运输企业质量信誉考核不合格", basis: "《道路运输企业质量信誉考核办法》第二十一条", doc: "交重点", months: 12, weight: 15, sectors: "G" },
    { agency: "housing", reason: "拖欠工程款、农民工工资被列为重点关注对象", basis: "《保障农民工工资支付条例》第四十八条", doc: "建重点", months: 24, weight: 10, sectors: "EK" },
  ],
  major_tax_violation: [
    { agency: "tax", reason: "逃避缴纳税款100万元以上，且占各种应纳税总额10%以上", basis: "《重大税收违法失信主体信息公布管理办法》第六条第（一）项", doc: "税稽罚", months: 36, weight: 40 },
    { agency: "tax", reason: "欠缴税款金额100万元以上，经税务机关催缴仍不缴纳", basis: "《重大税收违法失信主体信息公布管理办法》第六条第（二）项", doc: "税稽罚", months: 36, weight: 15 },
    { agency: "tax", reason: "虚开增值税专用发票", basis: "《重大税收违法失信主体信息公布管理办法》第六条第（五）项", doc: "税稽罚", months: 36, weight: 35 },
    { agency: "tax", reason: "骗取国家出口退税款", basis: "《重大税收违法失信主体信息公布管理办法》第六条第（三）项", doc: "税稽罚", months: 36, weight: 10 },
  ],
  procurement_violation: [
    { agency: "finance", reason: "提供虚假材料谋取中标、成交", basis: "《中华人民共和国政府采购法》第二十二条、第七十七条第一款第（一）项", doc: "财采处", months: 36, weight: 40 },
    { agency: "finance", reason: "与采购人、其他供应商或者采购代理机构恶意串通", basis: "《中华人民共和国政府采购法》第二十二条、第七十七条第一款第（三）项", doc: "财采处", months: 36, weight: 25 },
    { agency: "finance", reason: "采取不正当手段诋毁、排挤其他供应商", basis: "《中华人民共和国政府采购法》第二十二条、第七十七条第一款第（二）项", doc: "财采处", months: 12, weight: 15 },
    { agency: "finance", reason: "拒绝有关部门监督检查或者提供虚假情况", basis: "《中华人民共和国政府采购法》第二十二条、第七十七条第一款第（五）项", doc: "财采处", months: 24, weight: 20 },
  ],
  red_list: [
    { agency: "tax", reason: "纳税信用A级纳税人", basis: "《纳税信用管理办法》第三十条", doc: "税信用", months: 12, weight: 45, city: true, kinds: ["enterprise", "cooperative", "individual_business"] },
    { agency: "market", reason: "守合同重信用企业", basis: "《重庆市“守合同重信用”企业公示管理办法》", doc: "市监信用", months: 24, weight: 20, city: true, kinds: ["enterprise"] },
    { agency: "ndrc", reason: "诚信示范企业", basis: "《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）", doc: "发改信用", months: 36, weight: 10, city: true, kinds: ["enterprise", "cooperative"] },
    { agency: "civilization", reason: "道德模范（诚实守信类）", basis: "《重庆市道德模范评选表彰办法》", doc: "文明委", months: 36, weight: 5, city: true, kinds: ["individual_business"] },
    { agency: "hrss", reason: "劳动保障守法诚信等级A级用人单位", basis: "《企业劳动保障守法诚信等级评价办法》第八条", doc: "人社信用", months: 24, weight: 10, kinds: ["enterprise", "social_org"] },
    { agency: "ecology", reason: "环保诚信企业", basis: "《企业环境信用评价办法（试行）》第二十条", doc: "环信用", months: 12, weight: 5, kinds: ["enterprise"], sectors: "CNE" },
    { agency: "customs", reason: "海关高级认证企业", basis: "《中华人民共和国海关注册登记和备案企业信用管理办法》第二十七条", doc: "渝关信用", months: 36, weight: 5, city: true, kinds: ["enterprise"], sectors: "CFG" },
    { agency: "civil", reason: "5A级社会组织", basis: "《社会组织评估管理办法》第二十二条", doc: "民评估", months: 60, weight: 10, kinds: ["social_org"] },
  ],
};

export const JUDGMENT_REASONS: readonly (readonly [string, string, number])[] = [
  ["有履行能力而拒不履行生效法律文书确定义务", "《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条第（一）项", 70],
  ["以伪造证据、暴力、威胁等方法妨碍、抗拒执行", "《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条第（二）项", 3],
  ["以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行", "《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条第（三）项", 8],
  ["违反财产报告制度", "《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条第（四）项", 10],
  ["违反限制消费令", "《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条第（五）项", 6],
  ["无正当理由拒不履行执行和解协议", "《最高人民法院关于公布失信被执行人名单信息的若干规定》第一条第（六）项", 3],
];

/** Why an entry left a list early (status 'removed'). */
export const REMOVAL_REASONS: Readonly<Record<ListType, readonly string[]>> = {
  abnormal_operation: ["已补报未报年份的年度报告并公示，申请移出", "依法办理住所变更登记，申请移出", "已更正其公示的信息，申请移出"],
  serious_dishonesty: ["经复核不符合列入条件，移出", "据以列入的行政处罚决定被依法撤销，移出"],
  dishonest_judgment_debtor: ["被执行人已履行生效法律文书确定的全部义务", "当事人达成执行和解协议并已履行完毕", "据以执行的生效法律文书被撤销"],
  key_supervision: ["整改到位，经复核移出重点监管对象名单", "不再符合重点监管对象认定条件"],
  major_tax_violation: ["经行政复议撤销原处理决定，停止公布", "经人民法院判决撤销原处罚决定，停止公布"],
  procurement_violation: ["经行政复议撤销原处理决定", "经人民法院判决撤销原处罚决定"],
  red_list: ["复评不再符合守信激励条件", "发生失信行为，撤销守信激励资格"],
};

/** Why an entry was ended by 信用修复 (status 'repaired'). */
export const REPAIR_REASONS: Readonly<Record<ListType, string>> = {
  abnormal_operation: "信用修复：已履行公示义务并作出信用承诺，移出经营异常名录",
  serious_dishonesty: "信用修复：已纠正失信行为、履行法定义务并作出信用承诺，提前移出",
  dishonest_judgment_debtor: "信用修复：被执行人积极履行并申请信用修复，提前删除失信信息",
  key_supervision: "信用修复：已完成整改并作出信用承诺，提前移出",
  major_tax_violation: "信用修复：已缴清税款、滞纳金和罚款，经税务机关确认提前停止公布",
  procurement_violation: "信用修复：已纠正失信行为并作出信用承诺，提前移出",
  red_list: "",
};

// ---------------------------------------------------------------------------------------------
// 信用承诺

export interface CommitmentTemplate {
  kind: "审批替代型" | "主动型" | "行业自律型" | "信用修复型";
  agency: AgencyKey;
  matter: string;
  sectors: string;
  /** Months from commitment to the check (due_on). */
  months: number;
  weight: number;
}

export const COMMITMENT_TEMPLATES: readonly CommitmentTemplate[] = [
  { kind: "审批替代型", agency: "market", matter: "食品经营许可告知承诺：承诺经营场所、设施设备和管理制度符合食品经营许可条件", sectors: "FH", months: 3, weight: 6 },
  { kind: "审批替代型", agency: "housing", matter: "建筑工程施工许可证核发告知承诺：承诺施工图审查、资金落实等条件已满足", sectors: "EK", months: 6, weight: 5 },
  { kind: "审批替代型", agency: "health", matter: "公共场所卫生许可告知承诺：承诺卫生设施和卫生管理制度符合要求", sectors: "OHR", months: 3, weight: 3 },
  { kind: "审批替代型", agency: "transport", matter: "道路货物运输经营许可告知承诺：承诺车辆、驾驶人员和安全生产管理制度符合要求", sectors: "G", months: 3, weight: 4 },
  { kind: "审批替代型", agency: "ecology", matter: "建设项目环境影响评价告知承诺：承诺按环评文件落实污染防治措施", sectors: "CN", months: 12, weight: 3 },
  { kind: "审批替代型", agency: "hrss", matter: "证明事项告知承诺：承诺无拖欠农民工工资记录", sectors: "EL", months: 6, weight: 2 },
  { kind: "主动型", agency: "ndrc", matter: "主动公开信用承诺：依法诚信经营，自觉接受社会监督，违约自愿接受惩戒", sectors: "*", months: 12, weight: 6 },
  { kind: "主动型", agency: "market", matter: "放心消费承诺：不销售假冒伪劣商品，七日无理由退货", sectors: "FH", months: 12, weight: 3 },
  { kind: "行业自律型", agency: "ndrc", matter: "行业自律信用承诺：遵守行业诚信经营自律公约", sectors: "*", months: 12, weight: 2 },
  { kind: "信用修复型", agency: "market", matter: "信用修复承诺：已纠正失信行为、履行法定义务，承诺不再发生同类违法行为", sectors: "*", months: 12, weight: 3 },
];
