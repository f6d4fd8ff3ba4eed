import { Hono } from "hono";
import { TRACKING_PATTERN } from "../../shared/contract/cases";
import { PUBLIC_PRINCIPAL } from "../../shared/auth/principal";
import type { AppEnv } from "../env";
import { ErrorPage } from "../pages/layout";
import { pageSecretMatches } from "../visibility";
import { CasePage } from "./page";
import { loadCase } from "./queries";
import { toCaseView } from "./view";

/** /cases/{tracking}?k=…: where an applicant follows a case (the filing forms are in worker/filing). */
export const casePageRoutes = new Hono<AppEnv>()
  .get("/cases/:tracking", async (c) => {
    const tracking = c.req.param("tracking").toUpperCase();
    const found = TRACKING_PATTERN.test(tracking) ? await loadCase(c.var.shards, tracking) : null;
    // Without the secret of its address a case answers exactly like an unknown tracking number.
    if (!found || !(await pageSecretMatches(c.req.query("k"), found.row.secret_hash))) {
      return c.html(<ErrorPage title="未找到该案件" message="没有这个受理编号，请核对后重试（格式如 XF-20261127-7F3K9Q）" />, 404);
    }
    return c.html(<CasePage view={toCaseView(found, PUBLIC_PRINCIPAL, c.var.today)} />);
  });
