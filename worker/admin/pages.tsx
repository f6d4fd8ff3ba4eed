import type { AuditPage, AuditQuery } from "../../shared/contract";
import { SCENE_LABEL, type Scene } from "../../shared/domain/scenes";
import { Layout } from "../pages/layout";
import { AdminNav } from "../pages/admin-nav";
import { chinaDateTime } from "../../shared/domain/dates";

export function LoginPage(props: { error?: string }) {
  return (
    <Layout title="管理登录">
      <section class="notice">
        <h1>信用管理员登录</h1>
        <p>粘贴信用管理员令牌（本地开发可用 <code>npm run token -- --role admin --name 管理员</code> 签发）。令牌仅保存在本站的 HttpOnly Cookie 中。</p>
        {props.error && (
          <p class="notice notice-error" role="alert">
            {props.error}
          </p>
        )}
        <form method="post" action="/admin/login" class="stack">
          <label for="token">令牌</label>
          <textarea id="token" name="token" rows={4} required class="token-input"></textarea>
          <button type="submit">登录</button>
        </form>
      </section>
    </Layout>
  );
}

export function AuditListPage(props: { query: AuditQuery; result: AuditPage; csvHref: string; pageHref: (page: number) => string }) {
  const { query, result } = props;
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  return (
    <Layout title="查询使用登记">
      <AdminNav current="/admin/audit" />
      <h1>查询使用登记</h1>
      <form method="get" action="/admin/audit" class="filters">
        <label>
          查询人 <input name="actor" value={query.actor ?? ""} />
        </label>
        <label>
          被查询主体 <input name="subject" value={query.subject ?? ""} />
        </label>
        <label>
          场景{" "}
          <select name="scene">
            <option value="">全部</option>
            {(Object.keys(SCENE_LABEL) as Scene[]).map((s) => (
              <option value={s} selected={query.scene === s}>
                {SCENE_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          自 <input type="date" name="from" value={query.from ?? ""} />
        </label>
        <label>
          至 <input type="date" name="to" value={query.to ?? ""} />
        </label>
        <button type="submit">筛选</button>
        <a href={props.csvHref}>导出 CSV</a>
      </form>
      <p class="result-count">
        共 {result.total} 条（第 {result.page}/{pages} 页）。每条登记带前一条的哈希，可用 <code>npm run audit:verify</code> 校验。
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">序号</th>
              <th scope="col">时间</th>
              <th scope="col">查询人</th>
              <th scope="col">部门</th>
              <th scope="col">场景</th>
              <th scope="col">事由</th>
              <th scope="col">主体</th>
              <th scope="col">凭证</th>
            </tr>
          </thead>
          <tbody>
            {result.items.map((e) => (
              <tr>
                <td>{e.id}</td>
                <td>{chinaDateTime(e.at)}</td>
                <td>
                  {e.actorName ?? ""}
                  <div class="small">{e.actor}</div>
                </td>
                <td class="code">{e.departmentCode ?? "—"}</td>
                <td>{e.scene ? (SCENE_LABEL[e.scene as Scene] ?? e.scene) : "—"}</td>
                <td>{e.purpose ?? "—"}</td>
                <td class="code">{e.subjects.join(" ")}</td>
                <td class="code">{e.receiptNumber ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav class="pager" aria-label="分页">
          {result.page > 1 && <a href={props.pageHref(result.page - 1)}>上一页</a>}
          {result.page < pages && <a href={props.pageHref(result.page + 1)}>下一页</a>}
        </nav>
      )}
    </Layout>
  );
}
