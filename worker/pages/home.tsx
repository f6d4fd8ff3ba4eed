import type { SearchResult } from "../../shared/contract";
import { SUBJECT_KIND_LABEL } from "../../shared/contract";
import { Layout } from "./layout";

const MATCH_LABEL: Record<SearchResult["items"][number]["matchType"], string> = {
  code: "代码一致",
  code_prefix: "代码前缀",
  exact_name: "名称一致",
  name_prefix: "名称开头",
  name_contains: "名称包含",
};

export function HomePage(props: { query?: string; result?: SearchResult; error?: string }) {
  const { result } = props;
  return (
    <Layout title={props.query ? `“${props.query}”的查询结果` : "首页"} query={props.query}>
      {!props.query && (
        <section class="hero">
          <h1>查一查信用</h1>
          <p>输入企业、个体工商户、社会组织的名称（1个字起）或统一社会信用代码，查看依法公开的行政许可、行政处罚和名单信息。也可输入完整的身份证号码或旧版15位工商注册号直接查询（号码随表单提交，不出现在网址中）。</p>
          <form action="/" method="post" role="search" class="big-search">
            <label class="visually-hidden" for="q">
              名称或统一社会信用代码
            </label>
            <input id="q" name="q" type="search" placeholder="例如：渝信、91500103… 或身份证号码" maxlength={50} autofocus />
            <button type="submit">查询</button>
          </form>
        </section>
      )}
      {props.error && (
        <section class="notice notice-error" role="alert">
          <p>{props.error}</p>
        </section>
      )}
      {result && <Results result={result} />}
    </Layout>
  );
}

function Results({ result }: { result: SearchResult }) {
  if (result.items.length === 0) {
    return (
      <section class="results">
        <p class="empty">没有找到与“{result.query}”相关的主体。请检查名称或代码，或换用更短的关键词。</p>
      </section>
    );
  }
  const pages = Math.ceil(result.total / result.pageSize);
  return (
    <section class="results" aria-label="查询结果">
      <p class="result-count">
        共 {result.total}
        {result.truncated ? "+" : ""} 个候选（第 {result.page}/{pages} 页）。以下为名称或代码相近的候选，请核对代码后打开。
      </p>
      <ol class="candidates">
        {result.items.map((item) => (
          <li class="candidate">
            <div class="candidate-name">
              {item.linkable ? (
                <a href={`/s/${item.code}`}>
                  <Marked parts={item.nameMarked} />
                </a>
              ) : (
                <Marked parts={item.nameMarked} />
              )}
              <span class={`tag tag-${item.matchType}`}>{MATCH_LABEL[item.matchType]}</span>
            </div>
            <div class="candidate-meta">
              <span class="code">{item.code}</span> · {SUBJECT_KIND_LABEL[item.kind]} · {item.region ?? "—"} · {item.registrationStatus}
            </div>
          </li>
        ))}
      </ol>
      {pages > 1 && (
        <nav class="pager" aria-label="分页">
          {result.page > 1 && <a href={`/?q=${encodeURIComponent(result.query)}&page=${result.page - 1}`}>上一页</a>}
          {result.page < pages && <a href={`/?q=${encodeURIComponent(result.query)}&page=${result.page + 1}`}>下一页</a>}
        </nav>
      )}
      {result.truncated && <p class="hint">候选较多，仅显示前 500 个，请输入更完整的名称。</p>}
    </section>
  );
}

function Marked({ parts }: { parts: { text: string; match: boolean }[] }) {
  return <>{parts.map((p) => (p.match ? <mark>{p.text}</mark> : p.text))}</>;
}
