import type { SubjectProfile } from "../../shared/contract";

/** 登记状态, 成立日期 and 所属地区 as <dt>/<dd> pairs: the subject page and the printable report list them alike. */
export function RegistrationFacts(props: { profile: Pick<SubjectProfile, "registrationStatus" | "registeredOn" | "region"> }) {
  const p = props.profile;
  return (
    <>
      <dt>登记状态</dt>
      <dd>{p.registrationStatus}</dd>
      <dt>成立日期</dt>
      <dd>{p.registeredOn ?? "—"}</dd>
      <dt>所属地区</dt>
      <dd>{p.region?.name ?? "—"}</dd>
    </>
  );
}
