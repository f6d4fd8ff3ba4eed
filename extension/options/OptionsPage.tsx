/** @jsxImportSource preact */
/**
 * 设置: the worker URL and the officer's token, and the sites where 查一查 runs — enabling a site asks for
 * its host permission there and then (the background then registers the content script); disabling
 * gives both back. Per site: the scene and the purpose template.
 */
import { useEffect, useState } from "preact/hooks";
import { neededOrigins } from "../background/registration";
import { DEFAULT_PURPOSE_TEMPLATE, SITE_SCENES, type PurposeField, type SiteRule, absolutePattern, patternProblem, permissionOrigin } from "../settings/sites";
import { type Settings, loadSettings, normalizeWorkerUrl, saveSettings } from "../settings/store";
import { removeOrigin, requestOrigin } from "./permissions";

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

function SiteRow({ site, settings, onChange, onToggle, onRemove }: { site: SiteRule; settings: Settings; onChange: (site: SiteRule) => void; onToggle: (site: SiteRule, enabled: boolean) => void; onRemove: (site: SiteRule) => void }) {
  return (
    <tr data-site={site.id}>
      <td>
        <input type="checkbox" checked={site.enabled} aria-label={`启用 ${site.label}`} onChange={(e) => onToggle(site, (e.target as HTMLInputElement).checked)} />
      </td>
      <td>
        <strong>{site.label}</strong>
        <div class="hint">{absolutePattern(site.pattern, settings.workerUrl)}</div>
      </td>
      <td>
        <select aria-label={`${site.label} 的场景`} value={site.scene} onChange={(e) => onChange({ ...site, scene: (e.target as HTMLSelectElement).value })}>
          {SITE_SCENES.map((scene) => (
            <option key={scene} value={scene}>
              {scene}
            </option>
          ))}
        </select>
      </td>
      <td>
        <input aria-label={`${site.label} 的事由模板`} value={site.purposeTemplate} onChange={(e) => onChange({ ...site, purposeTemplate: (e.target as HTMLInputElement).value })} />
        <textarea
          aria-label={`${site.label} 的事由变量`}
          rows={2}
          value={formatFields(site.fields)}
          onChange={(e) => onChange({ ...site, fields: parseFields((e.target as HTMLTextAreaElement).value) })}
        />
      </td>
      <td>
        <button type="button" class="danger" onClick={() => onRemove(site)}>
          删除
        </button>
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
  const [draft, setDraft] = useState({ label: "", pattern: "", scene: SITE_SCENES[0] ?? "政府采购", purposeTemplate: DEFAULT_PURPOSE_TEMPLATE });

  useEffect(() => {
    void loadSettings().then((loaded) => {
      setSettings(loaded);
      setWorkerUrl(loaded.workerUrl);
      setToken(loaded.token);
    });
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
      await persist({ ...settings, workerUrl: url, token: token.trim() }, setStatus, token.trim() ? "已保存：服务地址和令牌" : "已保存服务地址；尚未填写令牌");
    });
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
      <p class="hint">令牌只保存在本扩展的后台存储中，页面和内容脚本都读不到。</p>
      <section aria-labelledby="connection">
        <h2 id="connection">服务与令牌</h2>
        <form onSubmit={saveConnection}>
          <label for="worker-url">服务地址</label>
          <input id="worker-url" name="workerUrl" value={workerUrl} onInput={(e) => setWorkerUrl((e.target as HTMLInputElement).value)} placeholder="http://localhost:8787" />
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
              <SiteRow key={site.id} site={site} settings={settings} onChange={change} onToggle={toggle} onRemove={remove} />
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
