/**
 * Printable pages (A4) of receipts (查询凭证) and reports (公共信用信息报告), and the paste-to-verify form.
 * Server-rendered, no script (the CSP forbids inline script); the QR code is inline SVG.
 */
import { RegistrationFacts } from "../pages/registration-facts";
import { raw } from "hono/html";
import type { CheckItem, SignedReport, VerifyResult } from "../../shared/contract";
import type { ReceiptPayload } from "../../shared/contract/receipts";
import { DECISION_LABEL } from "../../shared/domain/decisions";
import { LIST_TYPE_INFO } from "../../shared/domain/lists";
import { chinaDateTime } from "../../shared/domain/dates";
import { Layout } from "../pages/layout";
import { LicencesTable } from "../pages/licences";
import { type LaterChange, hitKey, laterChangeLabel } from "./later";

/** What the receipt page can say about a stored receipt. */
export type ReceiptStatus =
  | { state: "valid"; kid: string; keyStatus: "current" | "retired" }
  | { state: "invalid"; message: string }
  | { state: "not_archived"; kidKnown: boolean };

export interface StoredFacts {
  number: string;
  issuedAt: string;
  kid: string;
  digest: string;
  scene: string | null;
  itemCount: number;
}

function Qr(props: { svg: string; url: string; caption: string }) {
  return (
    <figure class="qr-box">
      {raw(props.svg)}
      <figcaption>
        {props.caption}
        <br />
        <span class="code">{props.url}</span>
      </figcaption>
    </figure>
  );
}

function StatusBanner({ status }: { status: ReceiptStatus }) {
  if (status.state === "valid") {
    return (
      <p class="verdict verdict-good" role="status">
        ✔ 签名有效：凭证内容自签发以来未被改动，与本系统存档一致（签名密钥 {status.kid}，{status.keyStatus === "current" ? "现行密钥" : "已轮换停用的旧密钥，仍可验证"}）。
      </p>
    );
  }
  if (status.state === "invalid") {
    return (
      <p class="verdict verdict-bad" role="alert">
        ✖ 验证失败：{status.message}
      </p>
    );
  }
  return (
    <p class="verdict verdict-warn" role="status">
      本系统只存有该凭证的编号和摘要，未存凭证原文，无法在此显示核查结果。请将持有的凭证（JWS）粘贴到下方验证。
      {status.kidKnown ? "签名密钥在现行公钥集中。" : "签名密钥不在现行公钥集中。"}
    </p>
  );
}

function Decision({ item }: { item: CheckItem }) {
  if (!item.decision) return <span class="decision decision-none">未核查</span>;
  return <span class={`decision decision-${item.decision}`}>{DECISION_LABEL[item.decision]}</span>;
}

/**
 * The results table. Lists that are not published by law (重点监管对象) are named only as "非公开名单":
 * this page is open to anyone holding its address, while the signed JWS keeps the full detail. A hit repaired,
 * deleted or removed after signing (`later`) is marked as such, without its details: repaired information is
 * not shown again.
 */
export function ResultsTable({ items, later }: { items: readonly CheckItem[]; later?: ReadonlyMap<string, LaterChange> | undefined }) {
  return (
    <div class="table-wrap">
      <table class="results">
        <thead>
          <tr>
            <th scope="col">编号</th>
            <th scope="col">主体</th>
            <th scope="col">结论</th>
            <th scope="col">名单（现行有效）</th>
            <th scope="col">适用措施及依据</th>
            <th scope="col">评价</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => {
            const hidden = item.hits.filter((h) => !LIST_TYPE_INFO[h.listType].publicDisclosure).length;
            const hiddenMeasures = item.measures.filter((m) => !LIST_TYPE_INFO[m.listType].publicDisclosure);
            return (
              <tr>
                <td>{item.ref}</td>
                <td>
                  {item.subject ? (
                    <>
                      {item.subject.name}
                      <div class="small code">{item.subject.code}</div>
                      {item.nameMatches === false && <div class="small">提供的名称“{item.input.name}”与登记名称不一致</div>}
                    </>
                  ) : (
                    <>
                      {item.input.name ?? ""}
                      {item.input.code && <div class="small code">{item.input.code}</div>}
                      <div class="small">{item.message}</div>
                      {item.candidates.length > 0 && (
                        <div class="small">候选：{item.candidates.map((c) => `${c.name}（${c.code}）`).join("；")}</div>
                      )}
                    </>
                  )}
                </td>
                <td>
                  <Decision item={item} />
                </td>
                <td>
                  {item.hits.length === 0 && item.status === "ok" ? "无" : ""}
                  <ul class="plain">
                    {item.hits.map((h, j) => {
                      if (!LIST_TYPE_INFO[h.listType].publicDisclosure) return null;
                      const change = later?.get(hitKey(i, j));
                      if (change) {
                        return (
                          <li class="hit-later">
                            {h.listName}：<strong>{laterChangeLabel(change)}</strong>
                            <div class="small">签发时为现行有效；以上为签发后的变化，以现行信息为准</div>
                          </li>
                        );
                      }
                      return (
                        <li>
                          {h.listName}：{h.reason}
                          <div class="small">
                            {h.authority.name} {h.docNo}，{h.listedOn} 列入{h.plannedRemovalOn ? `，计划 ${h.plannedRemovalOn} 移出` : ""}
                          </div>
                        </li>
                      );
                    })}
                    {hidden > 0 && <li>非公开名单 {hidden} 项（仅向有权限的工作人员提供）</li>}
                  </ul>
                </td>
                <td>
                  <ul class="plain">
                    {item.measures
                      .filter((m) => LIST_TYPE_INFO[m.listType].publicDisclosure)
                      .map((m) => (
                        <li>
                          【{m.effectLabel}】{m.text}
                          <div class="small">依据：{m.legalBasis}</div>
                        </li>
                      ))}
                    {hiddenMeasures.length > 0 && <li>非公开名单的措施 {hiddenMeasures.length} 项（{[...new Set(hiddenMeasures.map((m) => m.effectLabel))].join("、")}）</li>}
                  </ul>
                </td>
                <td>{item.grade ? `${item.grade.grade}（${item.grade.modelVersion}）` : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function ReceiptFacts({ payload, digest }: { payload: ReceiptPayload; digest: string | null }) {
  const s = payload.summary;
  return (
    <dl class="facts">
      <dt>凭证编号</dt>
      <dd class="code">{payload.number}</dd>
      <dt>签发时间</dt>
      <dd>{chinaDateTime(payload.issuedAt)}</dd>
      <dt>签发方</dt>
      <dd>{payload.iss}</dd>
      <dt>查询场景</dt>
      <dd>{payload.sceneLabel}</dd>
      <dt>查询事由</dt>
      <dd>{payload.purpose ?? "—"}</dd>
      <dt>查询人</dt>
      <dd>
        {payload.actor.name}
        {payload.actor.department ? `（单位代码 ${payload.actor.department}）` : ""}
      </dd>
      <dt>名单效力日期</dt>
      <dd>{payload.asOf}</dd>
      <dt>数据版本</dt>
      <dd>{payload.dataVersion ? `入库批次 ${payload.dataVersion.batchId}，${chinaDateTime(payload.dataVersion.receivedAt)}` : "—"}</dd>
      <dt>核查结论</dt>
      <dd>
        共 {payload.items.length} 项：不得参与 {s.block}，需复核 {s.review}，提示 {s.flag}，守信激励 {s.benefit}，通过 {s.pass}；代码有误 {s.invalid_code}，未找到 {s.not_found}，名称不唯一 {s.ambiguous}
      </dd>
      {digest && (
        <>
          <dt>凭证摘要</dt>
          <dd class="code small">SHA-256 {digest}</dd>
        </>
      )}
    </dl>
  );
}

function PasteForm() {
  return (
    <form class="stack no-print" action="/verify" method="post">
      <label for="jws">粘贴签名凭证（JWS）验证：</label>
      <textarea id="jws" name="jws" class="jws" required maxlength={250000} />
      <button type="submit">验证</button>
    </form>
  );
}

export function ReceiptPage(props: { stored: StoredFacts; status: ReceiptStatus; payload: ReceiptPayload | null; later: ReadonlyMap<string, LaterChange>; url: string; qrSvg: string }) {
  const { stored, status, payload } = props;
  return (
    <Layout title={`信用核查凭证 ${stored.number}`}>
      <article class="document">
        <header class="doc-header">
          <div>
            <h1>信用核查凭证</h1>
            <p class="code">{stored.number}</p>
            <StatusBanner status={status} />
          </div>
          <Qr svg={props.qrSvg} url={props.url} caption="扫码核验本凭证" />
        </header>
        {payload ? (
          <>
            <ReceiptFacts payload={payload} digest={stored.digest} />
            <h2>核查结果</h2>
            <ResultsTable items={payload.items} later={props.later} />
          </>
        ) : (
          <>
            <dl class="facts">
              <dt>凭证编号</dt>
              <dd class="code">{stored.number}</dd>
              <dt>签发时间</dt>
              <dd>{chinaDateTime(stored.issuedAt)}</dd>
              <dt>核查主体数</dt>
              <dd>{stored.itemCount}</dd>
              <dt>签名密钥</dt>
              <dd class="code">{stored.kid}</dd>
              <dt>凭证摘要</dt>
              <dd class="code small">SHA-256 {stored.digest}</dd>
            </dl>
            <PasteForm />
          </>
        )}
        <p class="small">
          本凭证为 EdDSA（Ed25519）签名的 JWS。任何人都可以用本服务公布的公钥（/.well-known/jwks.json，含已停用的旧密钥）离线验证，例如
          <span class="code"> npm run verify -- 凭证.jws</span>；验证不依赖本服务是否在线。
        </p>
      </article>
    </Layout>
  );
}

export function VerifyFormPage(props: { error?: string }) {
  return (
    <Layout title="验证签名凭证">
      <article class="document">
        <h1>验证签名凭证或信用报告</h1>
        <p>粘贴查询凭证或公共信用信息报告的 JWS 文本，用本服务的现行和已停用公钥验证其签名和内容。</p>
        {props.error && (
          <p class="notice notice-error" role="alert">
            {props.error}
          </p>
        )}
        <PasteForm />
      </article>
    </Layout>
  );
}

export function VerifyResultPage({ result }: { result: VerifyResult }) {
  const payload = result.payload;
  return (
    <Layout title={result.valid ? "验证通过" : "验证失败"}>
      <article class="document">
        <h1>{result.valid ? "验证通过" : "验证失败"}</h1>
        <p class={`verdict ${result.valid ? "verdict-good" : "verdict-bad"}`} role={result.valid ? "status" : "alert"}>
          {result.valid ? "✔ " : "✖ "}
          {result.message}
          {result.kid ? `（签名密钥 ${result.kid}${result.keyStatus === "retired" ? "，已轮换停用的旧密钥" : ""}）` : ""}
        </p>
        {payload && "number" in payload && (
          <>
            <p>
              {result.archived
                ? "本系统存档中有此凭证。凭证页面的地址含访问密钥，见核查结果中的凭证链接或凭证上的二维码。"
                : "本系统存档中没有与之一致的凭证。"}
            </p>
            <ReceiptFacts payload={payload} digest={null} />
            <h2>核查结果</h2>
            <ResultsTable items={payload.items} />
          </>
        )}
        {payload && "report" in payload && (
          <dl class="facts">
            <dt>报告对象</dt>
            <dd>
              {payload.report.name}（<span class="code">{payload.report.code}</span>）
            </dd>
            <dt>签发时间</dt>
            <dd>{chinaDateTime(payload.issuedAt)}</dd>
            <dt>信息截至</dt>
            <dd>{payload.report.asOf}</dd>
            <dt>摘要</dt>
            <dd>
              失信类名单 {payload.report.summary.negativeLists} 项，公示期内行政处罚 {payload.report.summary.publicPenalties} 条
              {payload.report.summary.redList ? "，列入守信激励对象名单" : ""}
            </dd>
          </dl>
        )}
        <p class="no-print">
          <a href="/verify">验证另一份</a>
        </p>
      </article>
    </Layout>
  );
}

export function ReportPage(props: { signed: SignedReport; digest: string; qrSvg: string | null }) {
  const { report: p, issuedAt, kid, jws, url } = props.signed;
  return (
    <Layout title={`公共信用信息报告 · ${p.name}`}>
      <article class="document">
        <header class="doc-header">
          <div>
            <h1>公共信用信息报告</h1>
            <p>
              {p.name}
              <br />
              <span class="code">
                {p.codeType === "uscc" ? "统一社会信用代码" : "身份证号码"}：{p.code}
              </span>
            </p>
          </div>
          {props.qrSvg && url && <Qr svg={props.qrSvg} url={url} caption="扫码查看最新报告" />}
        </header>
        <dl class="facts">
          <dt>主体类型</dt>
          <dd>{p.kindLabel}</dd>
          <RegistrationFacts profile={p} />
          <dt>信息截至</dt>
          <dd>{p.asOf}</dd>
          <dt>数据版本</dt>
          <dd>{p.dataVersion ? `入库批次 ${p.dataVersion.batchId}，${chinaDateTime(p.dataVersion.receivedAt)}` : "—"}</dd>
        </dl>
        <h2>名单信息（{p.lists.length}）</h2>
        {p.lists.length === 0 ? (
          <p class="empty">未列入依法公开的名单。</p>
        ) : (
          <table class="results">
            <thead>
              <tr>
                <th scope="col">名单</th>
                <th scope="col">列入事由</th>
                <th scope="col">认定部门及文书号</th>
                <th scope="col">列入日期</th>
                <th scope="col">计划移出</th>
              </tr>
            </thead>
            <tbody>
              {p.lists.map((l) => (
                <tr>
                  <td>{l.listName}</td>
                  <td>{l.reason}</td>
                  <td>
                    {l.authority.name}
                    <div class="small">{l.docNo}</div>
                  </td>
                  <td>{l.listedOn}</td>
                  <td>{l.plannedRemovalOn ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>行政处罚（公示期内 {p.penalties.length} 条）</h2>
        {p.penalties.length === 0 ? (
          <p class="empty">无公示期内的行政处罚信息。</p>
        ) : (
          <table class="results">
            <thead>
              <tr>
                <th scope="col">决定书文号</th>
                <th scope="col">违法行为与处罚</th>
                <th scope="col">处罚机关</th>
                <th scope="col">决定日期</th>
                <th scope="col">公示截止</th>
              </tr>
            </thead>
            <tbody>
              {p.penalties.map((r) => (
                <tr>
                  <td>{r.docNo}</td>
                  <td>
                    {r.violation ?? "—"}
                    <div class="small">{r.content ?? r.kinds.join("、")}</div>
                  </td>
                  <td>{r.authority.name}</td>
                  <td>{r.decidedOn}</td>
                  <td>{r.publishUntil ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <h2>行政许可（{p.licences.length} 条）</h2>
        <LicencesTable licences={p.licences} tableClass="results" />
        <h2>签名</h2>
        <dl class="facts">
          <dt>签发时间</dt>
          <dd>{chinaDateTime(issuedAt)}</dd>
          <dt>签名密钥</dt>
          <dd class="code">{kid}</dd>
          <dt>报告摘要</dt>
          <dd class="code small">SHA-256 {props.digest}</dd>
        </dl>
        <details class="no-print">
          <summary>签名报告（JWS，可用 npm run verify 或任何 JOSE 库离线验证）</summary>
          <textarea class="jws" readonly>
            {jws}
          </textarea>
        </details>
        <p class="small">本报告仅包含依法公开的信息；公示期满或已完成信用修复的信息不再展示。</p>
      </article>
    </Layout>
  );
}
