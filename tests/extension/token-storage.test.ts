/**
 * The token is never written where a content script can read it (#13 item 5): storage.local is open to
 * content scripts, storage.session is not. The real-browser check, from a content script's own context,
 * is in tests/e2e/extension.test.ts.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { CREDENTIALS_KEY, SETTINGS_KEY, defaultSettings, loadSettings, saveCredentials, saveSettings } from "../../extension/settings/store";

beforeEach(() => fakeBrowser.reset());

describe("where the token is kept", () => {
  it("saves the token in storage.session and the rest of the settings in storage.local", async () => {
    await saveSettings({ ...defaultSettings(), token: "eyJ.officer.token" });
    await saveCredentials({ kind: "pasted", accessToken: "eyJ.officer.token" });
    const local = await fakeBrowser.storage.local.get(null);
    expect(JSON.stringify(local)).not.toContain("eyJ.officer.token");
    expect(local[SETTINGS_KEY]).toMatchObject({ workerUrl: "http://localhost:8787" });
    expect(await fakeBrowser.storage.session.get(CREDENTIALS_KEY)).toEqual({ [CREDENTIALS_KEY]: { kind: "pasted", accessToken: "eyJ.officer.token" } });
    expect((await loadSettings()).token).toBe("eyJ.officer.token");
  });

  it("moves a token found in storage.local (an older version) into storage.session", async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { ...defaultSettings(), token: "eyJ.old.token" } });
    expect((await loadSettings()).token).toBe("eyJ.old.token");
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain("eyJ.old.token");
    expect((await loadSettings()).token).toBe("eyJ.old.token");
  });
});
