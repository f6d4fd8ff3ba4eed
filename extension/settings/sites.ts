/**
 * 站点 (sites where the extension runs): the rules the options page edits, how a rule matches a page, and
 * which host permission and content-script match pattern it needs. Pure: the background, the options page
 * and the tests share it.
 */
import { SCENES, SCENE_LABEL, parseScene } from "../../shared/domain/scenes";

/** A value read from the page for the purpose (查询事由) template, e.g. 项目编号. */
export interface PurposeField {
  name: string;
  /** CSS selector of the element (or input) that holds the value. */
  selector?: string;
  /** Regular expression over the page text; its first group (or the whole match) is the value. */
  pattern?: string;
}

export interface SiteRule {
  id: string;
  label: string;
  /**
   * Where it runs: `scheme://host[:port]/path` with `*` wildcards (a host may start with `*.`), or a path
   * starting with `/` on the configured worker (the demo pages). Without a port, any port matches.
   */
  pattern: string;
  /** Scene label as the API accepts it: 政府采购, 招标投标, 行政审批 … */
  scene: string;
  /** 查询事由 template: `{页面标题}`, `{页面地址}` and the names of `fields`. */
  purposeTemplate: string;
  fields: PurposeField[];
  enabled: boolean;
  /** Where a rule that the officer did not add comes from: the build (CHAYICHA_SITES) or the policy (storage.managed). */
  source?: "build" | "policy";
  /** Shown disabled with 由单位统一配置: the officer may not change or remove it. */
  locked?: boolean;
}

export const DEFAULT_WORKER_URL = "http://localhost:8787";
export const DEFAULT_PURPOSE_TEMPLATE = "页面核查：{页面标题}";

/** Scenes an officer may pick for a site (the API accepts the Chinese names). */
export const SITE_SCENES: readonly string[] = SCENES.filter((s) => s !== "public_query").map((s) => SCENE_LABEL[s].replace(/（.*）$/, ""));

/** The worker's demo pages, enabled on a fresh install (scene per page kind). */
export function demoSites(): SiteRule[] {
  const projectNo: PurposeField = { name: "项目编号", selector: "[data-project-no]" };
  return [
    { id: "demo-bidders", label: "演示：开标一览表", pattern: "/demo/bidders*", scene: "招标投标", purposeTemplate: "开标核查 {项目编号}", fields: [projectNo], enabled: true },
    { id: "demo-qualification", label: "演示：资格审查", pattern: "/demo/qualification*", scene: "政府采购", purposeTemplate: "资格审查 {项目编号}", fields: [projectNo], enabled: true },
    { id: "demo-approval", label: "演示：行政审批申请表", pattern: "/demo/approval*", scene: "行政审批", purposeTemplate: "审批受理 {受理编号}", fields: [{ name: "受理编号", pattern: "受理编号[:：]\\s*([A-Z0-9-]+)" }], enabled: true },
  ];
}

interface ParsedPattern {
  scheme: "http" | "https" | "*";
  host: string;
  port: string | null;
  path: string;
}

const PATTERN = /^(https?|\*):\/\/(\*|(?:\*\.)?[a-z0-9.-]+)(?::(\d{1,5}))?(\/.*)?$/i;

/** The absolute pattern of a rule: a path is taken on the worker's origin. */
export function absolutePattern(pattern: string, workerUrl: string): string {
  const trimmed = pattern.trim();
  if (!trimmed.startsWith("/")) return trimmed;
  try {
    return new URL(workerUrl).origin + trimmed;
  } catch {
    return trimmed;
  }
}

/** Parses an absolute pattern; undefined when it is not one. */
export function parsePattern(pattern: string): ParsedPattern | undefined {
  const m = PATTERN.exec(pattern.trim());
  if (!m) return undefined;
  return { scheme: m[1]!.toLowerCase() as ParsedPattern["scheme"], host: m[2]!.toLowerCase(), port: m[3] ?? null, path: m[4] ?? "/*" };
}

/** Why a pattern cannot be used, in Chinese; null when it can. */
export function patternProblem(pattern: string, workerUrl: string): string | null {
  const absolute = absolutePattern(pattern, workerUrl);
  if (!parsePattern(absolute)) return "地址规则应形如 https://ggzy.example.cn/bid/* 或以 / 开头的服务路径";
  return null;
}

const escapeRegExp = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

/**
 * Whether a page URL falls under a rule's pattern (the query string and fragment are ignored).
 * @example siteMatches("/demo/bidders.html", "http://localhost:8787", "http://localhost:8787/demo/bidders.html?page=2") // true
 */
export function siteMatches(pattern: string, workerUrl: string, pageUrl: string): boolean {
  const parsed = parsePattern(absolutePattern(pattern, workerUrl));
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  if (!parsed) return false;
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== "http" && scheme !== "https") return false;
  if (parsed.scheme !== "*" && parsed.scheme !== scheme) return false;
  const host = url.hostname.toLowerCase();
  if (parsed.host !== "*") {
    if (parsed.host.startsWith("*.")) {
      const base = parsed.host.slice(2);
      if (host !== base && !host.endsWith(`.${base}`)) return false;
    } else if (parsed.host !== host) return false;
  }
  if (parsed.port !== null && parsed.port !== (url.port || (scheme === "https" ? "443" : "80"))) return false;
  const path = new RegExp(`^${parsed.path.split("*").map(escapeRegExp).join(".*")}$`);
  return path.test(url.pathname);
}

/** The host permission a rule needs (any port, any path of its host). */
export function permissionOrigin(pattern: string, workerUrl: string): string | undefined {
  const parsed = parsePattern(absolutePattern(pattern, workerUrl));
  return parsed ? `${parsed.scheme}://${parsed.host}/*` : undefined;
}

/** The content-script match pattern of a rule (match patterns carry no port; the background checks it). */
export function registrationMatch(pattern: string, workerUrl: string): string | undefined {
  const parsed = parsePattern(absolutePattern(pattern, workerUrl));
  if (!parsed) return undefined;
  const path = parsed.path.endsWith("*") ? parsed.path : `${parsed.path}*`;
  return `${parsed.scheme}://${parsed.host}${path}`;
}

/** The first enabled rule for a page. */
export function siteForUrl(sites: readonly SiteRule[], workerUrl: string, pageUrl: string): SiteRule | undefined {
  return sites.find((site) => site.enabled && siteMatches(site.pattern, workerUrl, pageUrl));
}

/** Whether the scene is one the API knows (by its Chinese name or key). */
export function isKnownScene(scene: string): boolean {
  return parseScene(scene) !== undefined;
}
