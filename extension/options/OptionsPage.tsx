/** @jsxImportSource preact */
/**
 * 设置: the worker URL, 「登录」 (or a pasted token for local use), 「测试连接」, and the sites where 查一查
 * runs — enabling a site asks for its host permission there and then (the background then registers the
 * content script); disabling gives both back. Per site: the scene and the purpose template. What the
 * administrator set by policy or build is shown disabled with 由单位统一配置.
 */
import { useEffect, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { neededOrigins } from "../background/registration";
import { type AccountState, type ConnectionAnswer, ask } from "../messages";
import { DEFAULT_PURPOSE_TEMPLATE, SITE_SCENES, type PurposeField, type SiteRule, absolutePattern, patternProblem, permissionOrigin } from "../settings/sites";
import { type Settings, loadCredentials, loadSettings, normalizeWorkerUrl, saveCredentials, saveSettings } from "../settings/store";
import { removeOrigin, requestOrigin } from "./permissions";

export const LOCKED_NOTE = "由单位统一配置";

/** 「测试连接」's answer in words: who the token is, or what is wrong. */
export function describeConnection(answer: ConnectionAnswer): { tone: "ok" | "error"; text: string } {
  if (!answer.ok) return { tone: "error", text: `连接失败：${answer.problem.message}` };
  if (!answer.me) return { tone: "ok", text: `已连接 ${answer.workerUrl}；尚未登录，只能查询公开信息` };
  const me = answer.me;
  const unit = me.department ? `，部门 ${me.department}` : me.sourceUnit ? `，单位 ${me.sourceUnit}` : "";
  const scenes = me.scenes.length > 0 ? `，可查询场景：${me.scenes.map((s) => s.label).join("、")}` : "";
  const expires = new Date(me.expiresAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
  return { tone: "ok", text: `已连接：${me.name}（${me.roleLabel}）${unit}${scenes}；令牌有效至 ${expires}` };
}

type Status = { tone: "ok" | "error"; text: string } | null;

/** `名称=CSS选择器` or `名称~正则`, one a line. */
export function parseFields(text: string): PurposeField[] {
  return text
    .split(/\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^([^=~]+)([=~])(.+)$/.exec(line);
      if (!m) return { name: line };
      const name = m[1]!.trim();
      return m[2] === "=" ? { name, selector: m[3]!.trim() } : { name, pattern: m[3]!.trim() };
    });
}

export function formatFields(fields: readonly PurposeField[]): string {
  return fields.map((f) => (f.selector ? `${f.name}=${f.selector}` : f.pattern ? `${f.name}~${f.pattern}` : f.name)).join("\n");
}

function StatusLine({ status, id }: { status: Status; id: string }) {
  return (
    <p id={id} class={`status ${status?.tone ?? ""}`} role="status" aria-live="polite">
      {status?.text ?? ""}
    </p>
  );
}

function SiteRow({ site, settings, onChange, onToggle, onRemove, onGrant }: { site: SiteRule; settings: Settings; onChange: (site: SiteRule) => void; onToggle: (site: SiteRule, enabled: boolean) => void; onRemove: (site: SiteRule) => void; onGrant: (site: SiteRule) => void }) {
  const locked = !!site.locked;
  const [granted, setGranted] = useState(true);
  useEffect(() => {
    // A policy site arrives without its host permission (only the build's are in the manifest): it needs one click.
    const origin = site.source === "policy" ? permissionOrigin(site.pattern, settings.workerUrl) : undefined;
    if (origin) void browser.permissions.contains({ origins: [origin] }).then(setGranted);
  }, [site.pattern, site.source, settings.workerUrl]);
  return (
    <tr data-site={site.id} data-locked={locked ? "true" : undefined}>
      <td>
        <input type="checkbox" checked={site.enabled} disabled={locked} aria-label={`启用 ${site.label}`} onChange={(e) => onToggle(site, (e.target as HTMLInputElement).checked)} />
      </td>
      <td>
        <strong>{site.label}</strong>
        <div class="hint">{absolutePattern(site.pattern, settings.workerUrl)}</div>
        {locked && <div class="locked">{LOCKED_NOTE}</div>}
        {!granted && (
          <button type="button" class="secondary" onClick={() => onGrant(site)}>
            授予访问权限
          </button>
        )}
      </td>
      <td>
        <select aria-label={`${site.label} 的场景`} value={site.scene} disabled={locked} onChange={(e) => onChange({ ...site, scene: (e.target as HTMLSelectElement).value })}>
          {SITE_SCENES.map((scene) => (
            <option key={scene} value={scene}>
              {scene}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input aria-label={`${site.label} 的事由模板`} value={site.purposeTemplate} disabled={locked} onChange={(e) => onChange({ ...site, purposeTemplate: (e.target as HTMLInputElement).value })} />
        <textarea
          aria-label={`${site.label} 的事由变量`}
          rows={2}
          disabled={locked}
          value={formatFields(site.fields)}
          onChange={(e) => onChange({ ...site, fields: parseFields((e.target as HTMLTextAreaElement).value) })}
        />
      </td>
      <td>
        {!locked && site.source === undefined && (
          <button type="button" class="danger" onClick={() => onRemove(site)}>
            删除
          </button>
        )}
      </td>
    </tr>
  );
}

export function OptionsPage() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [workerUrl, setWorkerUrl] = useState("");
  const [token, setToken] = useState("");
  const [status, setStatus] = useState<Status>(null);
  const [siteStatus, setSiteStatus] = useState<Status>(null);
  const [account, setAccount] = useState<AccountState | null>(null);
  const [accountStatus, setAccountStatus] = useState<Status>(null);
  const [draft, setDraft] = useState({ label: "", pattern: "", scene: SITE_SCENES[0] ?? "政府采购", purposeTemplate: DEFAULT_PURPOSE_TEMPLATE });

  useEffect(() => {
    void Promise.all([loadSettings(), loadCredentials()]).then(([loaded, credentials]) => {
      setSettings(loaded);
      setWorkerUrl(loaded.workerUrl);
      // A signed-in token is the background's to refresh: it is never put in the form.
      setToken(credentials?.kind === "pasted" ? credentials.accessToken : "");
    });
    // The background answers; without one (a page opened outside the extension) the form still works.
    void ask({ type: "account" }).then(setAccount, () => undefined);
  }, []);
  if (!settings) return <main aria-busy="true">正在读取设置…</main>;

  const persist = async (next: Settings, note: (s: Status) => void, text: string) => {
    await saveSettings(next);
    setSettings(next);
    note({ tone: "ok", text });
  };

  const saveConnection = (e: Event) => {
    e.preventDefault();
    let url: string;
    try {
      url = normalizeWorkerUrl(workerUrl);
    } catch (err) {
      setStatus({ tone: "error", text: err instanceof Error && /http/.test(err.message) ? err.message : "服务地址无效，应形如 http://localhost:8787" });
      return;
    }
    const parsed = new URL(url);
    // Asked within the click: the worker's host is needed to call it.
    void requestOrigin(`${parsed.protocol}//${parsed.hostname}/*`).then(async (granted) => {
      if (!granted) return setStatus({ tone: "error", text: `未获得访问 ${parsed.origin} 的权限，设置未保存` });
      const pasted = token.trim();
      const current = await loadCredentials();
      // An empty field clears a pasted token but leaves a sign-in alone.
      if (pasted) await saveCredentials({ kind: "pasted", accessToken: pasted });
      else if (current?.kind === "pasted") await saveCredentials(null);
      const signedIn = !pasted && current?.kind === "oidc";
      await persist({ ...settings, workerUrl: settings.locks?.workerUrl ? settings.workerUrl : url, token: pasted }, setStatus, pasted ? "已保存：服务地址和令牌" : signedIn ? "已保存服务地址（已登录）" : "已保存服务地址；尚未填写令牌");
      await ask({ type: "account" }).then(setAccount, () => undefined);
    });
  };

  const signIn = () => {
    const issuer = settings.oidc ? new URL(settings.oidc.issuer) : undefined;
    if (!issuer) return;
    setAccountStatus({ tone: "ok", text: "正在打开身份提供方的登录页…" });
    // Within the click: the token endpoint is called from the background, which needs the provider's host.
    void requestOrigin(`${issuer.protocol}//${issuer.hostname}/*`).then(async (granted) => {
      if (!granted) return setAccountStatus({ tone: "error", text: `未获得访问 ${issuer.origin} 的权限，无法登录` });
      const result = await ask({ type: "sign-in" });
      if (!result.ok) return setAccountStatus({ tone: "error", text: `登录失败：${result.problem.message}` });
      setAccount(result.state);
      setToken("");
      const connection = await ask({ type: "test-connection" });
      setAccountStatus(connection.ok ? { tone: "ok", text: `已登录。${describeConnection(connection).text}` } : describeConnection(connection));
    });
  };

  const signOut = () => void ask({ type: "sign-out" }).then((state) => (setAccount(state), setAccountStatus({ tone: "ok", text: "已退出登录" })));

  const testConnection = () => {
    setAccountStatus({ tone: "ok", text: "正在测试连接…" });
    void ask({ type: "test-connection" }).then((answer) => setAccountStatus(describeConnection(answer)));
  };

  const grant = (site: SiteRule) => {
    const origin = permissionOrigin(site.pattern, settings.workerUrl);
    if (!origin) return;
    void requestOrigin(origin).then((granted) => setSiteStatus(granted ? { tone: "ok", text: `已授予 ${origin} 的访问权限，“${site.label}”已生效` } : { tone: "error", text: `未获得 ${origin} 的访问权限` }));
  };

  const toggle = (site: SiteRule, enabled: boolean) => {
    const origin = permissionOrigin(site.pattern, settings.workerUrl);
    if (!origin) return setSiteStatus({ tone: "error", text: `“${site.label}”的地址规则无效` });
    const sites = settings.sites.map((s) => (s.id === site.id ? { ...s, enabled } : s));
    const next = { ...settings, sites };
    if (enabled) {
      void requestOrigin(origin).then(async (granted) => {
        if (!granted) return setSiteStatus({ tone: "error", text: `未获得 ${origin} 的访问权限，“${site.label}”未启用` });
        await persist(next, setSiteStatus, `已启用“${site.label}”`);
      });
    } else {
      void (async () => {
        await persist(next, setSiteStatus, `已停用“${site.label}”`);
        await removeOrigin(origin, neededOrigins(next));
      })();
    }
  };

  const change = (site: SiteRule) => void persist({ ...settings, sites: settings.sites.map((s) => (s.id === site.id ? site : s)) }, setSiteStatus, `已保存“${site.label}”`);

  const remove = (site: SiteRule) => {
    const next = { ...settings, sites: settings.sites.filter((s) => s.id !== site.id) };
    void (async () => {
      await persist(next, setSiteStatus, `已删除“${site.label}”`);
      const origin = permissionOrigin(site.pattern, settings.workerUrl);
      if (origin) await removeOrigin(origin, neededOrigins(next));
    })();
  };

  const add = (e: Event) => {
    e.preventDefault();
    const problem = patternProblem(draft.pattern, settings.workerUrl);
    if (problem || !draft.label.trim()) return setSiteStatus({ tone: "error", text: problem ?? "请填写站点名称" });
    const site: SiteRule = { id: `site-${Date.now().toString(36)}`, label: draft.label.trim(), pattern: draft.pattern.trim(), scene: draft.scene, purposeTemplate: draft.purposeTemplate, fields: [], enabled: true };
    const origin = permissionOrigin(site.pattern, settings.workerUrl)!;
    void requestOrigin(origin).then(async (granted) => {
      if (!granted) return setSiteStatus({ tone: "error", text: `未获得 ${origin} 的访问权限，站点未添加` });
      await persist({ ...settings, sites: [...settings.sites, site] }, setSiteStatus, `已添加并启用“${site.label}”`);
      setDraft((d) => ({ ...d, label: "", pattern: "" }));
    });
  };

  return (
    <main>
      <h1>查一查 设置</h1>
      <p class="hint">令牌只保存在本扩展的会话存储中（关闭浏览器即清除），页面和内容脚本都读不到。</p>
      <section aria-labelledby="account">
        <h2 id="account">登录</h2>
        {account?.signInAvailable ? (
          <p>
            <span class="hint">身份提供方：{account.issuer}</span>
            <br />
            {account.credentials?.kind === "oidc" ? (
              <button type="button" class="secondary" id="sign-out" onClick={signOut}>
                退出登录
              </button>
            ) : (
              <button type="button" id="sign-in" onClick={signIn}>
                登录
              </button>
            )}{" "}
            <button type="button" class="secondary" id="test-connection" onClick={testConnection}>
              测试连接
            </button>
          </p>
        ) : (
          <p>
            <span class="hint">未配置身份提供方：在下方粘贴令牌（本地使用），或由单位在策略中配置。</span>
            <br />
            <button type="button" class="secondary" id="test-connection" onClick={testConnection}>
              测试连接
            </button>
          </p>
        )}
        <StatusLine status={accountStatus} id="account-status" />
      </section>
      <section aria-labelledby="connection">
        <h2 id="connection">服务与令牌</h2>
        <form onSubmit={saveConnection}>
          <label for="worker-url">服务地址</label>
          <input id="worker-url" name="workerUrl" value={workerUrl} disabled={!!settings.locks?.workerUrl} onInput={(e) => setWorkerUrl((e.target as HTMLInputElement).value)} placeholder="http://localhost:8787" />
          {settings.locks?.workerUrl && <p class="locked">{LOCKED_NOTE}</p>}
          <label for="token">令牌（工作人员令牌，含部门与场景）</label>
          <input id="token" name="token" type="password" autocomplete="off" value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
          <p class="hint">本地开发：npm run token -- --role officer --name 张三 --dept 11500000MB1541618P --scenes 政府采购,招标投标,行政审批</p>
          <button type="submit" id="save-connection">
            保存
          </button>
          <StatusLine status={status} id="connection-status" />
        </form>
      </section>
      <section aria-labelledby="sites">
        <h2 id="sites">启用的站点</h2>
        <p class="hint">启用站点时会请求该站点的访问权限；停用或删除时交还权限。事由变量每行一个：名称=CSS选择器，或 名称~正则表达式。</p>
        <table>
          <thead>
            <tr>
              <th>启用</th>
              <th>站点</th>
              <th>场景</th>
              <th>查询事由</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {settings.sites.map((site) => (
              <SiteRow key={site.id} site={site} settings={settings} onChange={change} onToggle={toggle} onRemove={remove} onGrant={grant} />
            ))}
          </tbody>
        </table>
        <StatusLine status={siteStatus} id="site-status" />
        <h2>添加站点</h2>
        <form onSubmit={add}>
          <div class="row">
            <div>
              <label for="site-label">名称</label>
              <input id="site-label" value={draft.label} onInput={(e) => setDraft((d) => ({ ...d, label: (e.target as HTMLInputElement).value }))} placeholder="公共资源交易中心 开标大厅" />
            </div>
            <div>
              <label for="site-pattern">地址规则</label>
              <input id="site-pattern" value={draft.pattern} onInput={(e) => setDraft((d) => ({ ...d, pattern: (e.target as HTMLInputElement).value }))} placeholder="https://ggzy.example.cn/bid/*" />
            </div>
            <div>
              <label for="site-scene">场景</label>
              <select id="site-scene" value={draft.scene} onChange={(e) => setDraft((d) => ({ ...d, scene: (e.target as HTMLSelectElement).value }))}>
                {SITE_SCENES.map((scene) => (
                  <option key={scene} value={scene}>
                    {scene}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="site-purpose">事由模板</label>
              <input id="site-purpose" value={draft.purposeTemplate} onInput={(e) => setDraft((d) => ({ ...d, purposeTemplate: (e.target as HTMLInputElement).value }))} />
            </div>
          </div>
          <p>
            <button type="submit" id="add-site">
              添加并启用
            </button>
          </p>
        </form>
      </section>
    </main>
  );
}
