import { Hono } from "hono";
import type { AppEnv } from "../env";
import type { Capability } from "../http/capability";
import { newRouter } from "../http/router";

/**
 * `/docs`: Swagger UI over `/openapi.json`. Its script and stylesheet are copied from swagger-ui-dist
 * into public/vendor at install time and served as static assets: no CDN.
 */
const docsRoutes = new Hono<AppEnv>().get("/docs", (c) =>
  c.html(
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>查一查 API 文档</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css" />
      </head>
      <body>
        <noscript>
          <p>
            API 文档页面需要 JavaScript。也可以直接阅读 <a href="/openapi.json">OpenAPI 3.1 文档</a>。
          </p>
        </noscript>
        <div id="swagger-ui"></div>
        <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
        <script src="/static/docs.js"></script>
      </body>
    </html>,
  ),
);

export const capability: Capability = { app: newRouter().route("/", docsRoutes) };
