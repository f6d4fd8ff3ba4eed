import type { Child } from "hono/jsx";

/** The page frame: works without JavaScript, readable on a phone, no external assets. */
export function Layout(props: { title: string; children: Child; query?: string }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · 查一查`}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/static/site.css" />
      </head>
      <body>
        <header class="site-header">
          <a class="brand" href="/">
            查一查
          </a>
          <span class="tagline">重庆市公共信用信息查询</span>
          <form class="header-search" action="/" method="post" role="search">
            <label class="visually-hidden" for="header-q">
              名称或统一社会信用代码
            </label>
            <input id="header-q" name="q" type="search" value={props.query ?? ""} placeholder="企业名称或统一社会信用代码" maxlength={50} />
            <button type="submit">查询</button>
          </form>
        </header>
        <main>{props.children}</main>
        <footer class="site-footer">
          <p>
            信息来源：各级行政机关依法归集的公共信用信息（双公示、名单等）。本页仅展示依法公开的信息，自然人身份证号码已脱敏。
          </p>
          <p>
            <a href="/repair">信用修复申请</a> · <a href="/objection">异议申诉</a> · <a href="/verify">凭证验证</a> · <a href="/docs">API 文档</a> ·{" "}
            <a href="/openapi.json">OpenAPI</a>
          </p>
        </footer>
      </body>
    </html>
  );
}

/** A full-page error in Chinese, with the status it is served with. */
export function ErrorPage(props: { title: string; message: string; problems?: readonly { message: string }[] }) {
  return (
    <Layout title={props.title}>
      <section class="notice notice-error">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        {props.problems && props.problems.length > 0 && (
          <ul>
            {props.problems.map((p) => (
              <li>{p.message}</li>
            ))}
          </ul>
        )}
        <p>
          <a href="/">返回首页重新查询</a>
        </p>
      </section>
    </Layout>
  );
}
