// The app against the fake, in-process: `fake.fetch` answers every call, nothing touches the
// network. The scenarios are shared with the browser suite (browser.mjs).
import { describe, test } from "vitest";
import { createVipSync } from "../app.mjs";
import { scenarios, workspace } from "./scenarios.mjs";

describe("vip-sync against the fake Intercom (fake.fetch)", () => {
  test.each(scenarios.map((s) => [s.name, s]))("%s", async (_name, scenario) => {
    const { fake, receiver } = workspace();
    const app = createVipSync({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
    await scenario.run({ fake, app, receiver });
  });
});
