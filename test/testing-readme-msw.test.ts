// The README's MSW example in Node ("Testing your integration", With MSW), as written there
// (imports from the sources); a file of its own, since one process holds one setupServer.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { manifest } from "../generated/2.11/core.js";
import { createIntercom } from "../generated/2.11/index.js";
import { createFakeIntercom } from "../src/testing/index.js";
import { handlersFor } from "../src/testing/msw/index.js";

const fake = createFakeIntercom({ manifest, token: "test-token" });
const server = setupServer(...handlersFor(fake)); // before or after your own handlers
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => fake.reset());
afterAll(() => server.close());

test("the app's client, untouched, talks to the fake", async () => {
  const intercom = createIntercom({ token: "test-token" }); // https://api.intercom.io, global fetch
  const { data } = await intercom.POST("/contacts", { body: { role: "user", email: "ada@example.com" } });
  expect(fake.data.contacts.get(data!.id!)?.email).toBe("ada@example.com");
});
