import type { SubjectProfile } from "../../shared/contract";

/** 行政许可 as a table: on the subject page and in the printable signed report. */
export function LicencesTable({ licences, tableClass }: { licences: SubjectProfile["licences"]; tableClass?: string }) {
  if (licences.length === 0) return <p class="empty">无行政许可信息。</p>;
  return (
    <div class="table-wrap">
      <table class={tableClass}>
        <thead>
          <tr>
            <th scope="col">许可证书</th>
            <th scope="col">类别</th>
            <th scope="col">许可机关</th>
            <th scope="col">决定日期</th>
            <th scope="col">有效期至</th>
          </tr>
        </thead>
        <tbody>
          {licences.map((l) => (
            <tr>
              <td>
                {l.title ?? "—"}
                <div class="small">
                  {l.docNo}
                  {l.licenceNo ? ` · ${l.licenceNo}` : ""}
                </div>
              </td>
              <td>{l.category ?? "—"}</td>
              <td>{l.authority.name}</td>
              <td>{l.decidedOn}</td>
              <td>{l.longTerm ? "长期" : `${l.validUntil ?? "—"}${l.expired ? "（已过期）" : ""}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
