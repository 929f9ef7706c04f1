// The webhooks subpath on one runtime (Node, Bun, Deno, workerd, a browser): verifies the vectors
// that node:crypto signed (webhooks.vectors.mjs), parses the good ones, refuses the bad ones with
// the documented reason, and drives the fetch-style handler with Request objects. Imports the
// package by name, so it runs against whatever "intercom-fetch" resolves to (the packed tarball
// in the runtime matrix). Run it as a program (exit 0, or 1 listing what failed), or import it
// and call `run()` where a runtime has no process to exit.
import { createWebhooks, parseWebhook, verifyWebhook, WebhookError } from "intercom-fetch/webhooks";
import vectors from "./webhooks.vectors.mjs";

export async function run(log = console.log) {
  const failures = [];
  let passed = 0;
  const expect = (ok, what) => {
    if (ok) passed++;
    else failures.push(what);
  };
  const { secret } = vectors;
  const bodyOf = (v) => {
    if (v.hex) return Uint8Array.from(v.hex.match(/../g), (byte) => Number.parseInt(byte, 16));
    if (v.large) {
      const json = JSON.stringify({
        type: "notification_event",
        app_id: "a86dr8yl",
        data: { type: "notification_event_data", item: { type: "conversation", id: "9", filler: "x".repeat(vectors.filler) } },
        links: {},
        id: "notif_conversation.user.created",
        topic: "conversation.user.created",
        delivery_attempts: 1,
        first_sent_at: 1763740800,
        created_at: 1763740800,
      });
      return json;
    }
    return v.text;
  };
  const shapes = (body) => {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    return [
      ["string", typeof body === "string" ? body : undefined],
      ["Uint8Array", bytes],
      ["ArrayBuffer", bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)],
    ].filter(([, b]) => b !== undefined);
  };

  for (const v of vectors.good) {
    for (const [shape, body] of shapes(bodyOf(v))) {
      expect((await verifyWebhook({ body, signature: v.signature, secret })) === true, `verifyWebhook accepts ${v.name} as a ${shape}`);
      try {
        const n = await parseWebhook({ body, signature: v.signature, secret });
        expect(
          n.topic === v.topic && (n.data.item.id ?? null) === (v.itemId ?? null) && (v.topic !== "ping" || n.data.item.type === "ping"),
          `parseWebhook gives ${v.name}'s topic and item (${shape})`,
        );
      } catch (error) {
        expect(false, `parseWebhook refused ${v.name} (${shape}): ${error}`);
      }
    }
  }
  for (const v of vectors.bad) {
    const body = bodyOf(v);
    expect((await verifyWebhook({ body, signature: v.signature, secret })) === Boolean(v.verifies), `verifyWebhook answers ${Boolean(v.verifies)} for ${v.name}`);
    const error = await parseWebhook({ body, signature: v.signature, secret }).then(
      () => undefined,
      (e) => e,
    );
    expect(error instanceof WebhookError && error.reason === v.reason, `parseWebhook refuses ${v.name} with ${v.reason} (got ${error?.reason ?? error})`);
    expect(!String(error?.message).includes(secret), `the error for ${v.name} does not quote the secret`);
  }
  for (const garbage of [null, 42, {}, [1, 2]]) {
    const answer = await verifyWebhook({ body: garbage, signature: garbage, secret }).catch((e) => e);
    expect(answer === false, `verifyWebhook answers false for ${JSON.stringify(garbage)}`);
  }

  const heard = [];
  const webhooks = createWebhooks({ secret, onError: () => {} }).on("conversation.*", (n) => void heard.push(n.id));
  const post = (v, method = "POST") =>
    webhooks.fetchHandler(new Request("https://example.test/webhooks", { method, body: method === "GET" ? null : bodyOf(v), headers: v.signature ? { "x-hub-signature": v.signature } : {} }));
  const [good, bad, get] = await Promise.all([post(vectors.good[0]), post(vectors.bad[6]), post(vectors.good[0], "GET")]);
  expect(good.status === 200, `fetchHandler answers 200 to a signed notification (got ${good.status})`);
  expect(bad.status === 401, `fetchHandler answers 401 to another secret's signature (got ${bad.status})`);
  expect(get.status === 405, `fetchHandler answers 405 to a GET (got ${get.status})`);
  const malformed = await post(vectors.bad[8]);
  expect(malformed.status === 400, `fetchHandler answers 400 to signed invalid UTF-8 (got ${malformed.status})`);
  const texts = await Promise.all([good, bad, get, malformed].map((r) => r.text()));
  expect(
    texts.every((t) => !t.includes(secret) && !t.includes("Zo")),
    "no answer quotes the secret or the body",
  );
  expect(heard.length === 1 && heard[0] === "notif_conversation.admin.replied", "the conversation.* listener heard the one verified notification");

  log(`webhooks.check: ${passed} passed, ${failures.length} failed`);
  for (const failure of failures) log(`  FAILED: ${failure}`);
  return failures;
}

/** The same checks as one column of the runtime matrix (test/runtimes.test.ts, harness.mjs). */
export default [
  {
    column: "webhooks",
    run: async (ctx) => {
      const failures = await run(() => {});
      ctx.assert(failures.length === 0, failures.join("; "));
    },
  },
];

const isMain = typeof process !== "undefined" && process.argv?.[1] && import.meta.url.endsWith(process.argv[1].split("/").pop());
if (isMain || (typeof Deno !== "undefined" && import.meta.main)) {
  const failures = await run();
  const code = failures.length ? 1 : 0;
  if (typeof Deno !== "undefined") Deno.exit(code);
  else process.exit(code);
}
