// intercom-fetch/webhooks: signatures checked against HMACs computed here with node:crypto, every
// bad input the issue lists, parsing and dispatch by topic, and the topic table the README shows.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test, vi } from "vitest";
import { createWebhooks, parseWebhook, verifyWebhook, WebhookError, webhookTopics, type WebhookErrorReason } from "../src/webhooks/index.js";
import { conversationBody, notification, pingBody, SECRET, sha256Signature, sign } from "./support/webhook-vectors.js";
import { root } from "./support/versions.js";

const encoded = (text: string) => new TextEncoder().encode(text);
const tenMegabytes = () => {
  const filler = "x".repeat(10 * 1024 * 1024);
  return JSON.stringify(notification("conversation.user.created", { type: "conversation", id: "9", filler }));
};

describe("verifyWebhook", () => {
  test("accepts Intercom's signature of the raw body, as a string, Uint8Array, Buffer or ArrayBuffer", async () => {
    const signature = sign(conversationBody);
    const bytes = encoded(conversationBody);
    expect(await verifyWebhook({ body: conversationBody, signature, secret: SECRET })).toBe(true);
    expect(await verifyWebhook({ body: bytes, signature, secret: SECRET })).toBe(true);
    expect(await verifyWebhook({ body: Buffer.from(conversationBody), signature, secret: SECRET })).toBe(true);
    expect(await verifyWebhook({ body: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), signature, secret: SECRET })).toBe(true);
    // A view into a larger buffer (as Node's pooled Buffers are) hashes only its own bytes.
    const pooled = Buffer.concat([Buffer.from("garbage"), Buffer.from(conversationBody)]).subarray(7);
    expect(await verifyWebhook({ body: pooled, signature, secret: SECRET })).toBe(true);
    expect(await verifyWebhook({ body: conversationBody, signature: signature.toUpperCase().replace("SHA1=", "sha1="), secret: SECRET })).toBe(true);
  });

  test("matches node:crypto on bodies of every length from 0 to 300 bytes", async () => {
    for (let length = 0; length <= 300; length++) {
      const body = Uint8Array.from({ length }, (_, i) => (i * 31 + length) % 256);
      expect(await verifyWebhook({ body, signature: sign(body), secret: SECRET }), `length ${length}`).toBe(true);
      expect(await verifyWebhook({ body, signature: sign(body, `${SECRET}!`), secret: SECRET }), `length ${length}`).toBe(false);
    }
  });

  const signature = sign(conversationBody);
  const refused: [string, { body: unknown; signature: unknown }][] = [
    ["a missing header (undefined)", { body: conversationBody, signature: undefined }],
    ["a missing header (null, as Headers.get gives)", { body: conversationBody, signature: null }],
    ["an empty header", { body: conversationBody, signature: "" }],
    ["the bare hex, without sha1=", { body: conversationBody, signature: signature.slice(5) }],
    ["a sha256= signature (right key, wrong algorithm)", { body: conversationBody, signature: sha256Signature(conversationBody) }],
    ["sha256= in front of the right SHA-1 hex", { body: conversationBody, signature: `sha256=${signature.slice(5)}` }],
    ["one hex digit short", { body: conversationBody, signature: signature.slice(0, -1) }],
    ["one hex digit too many", { body: conversationBody, signature: `${signature}0` }],
    ["40 characters that are not hex", { body: conversationBody, signature: `sha1=${"zz".repeat(20)}` }],
    ["the right length with one non-hex digit", { body: conversationBody, signature: `${signature.slice(0, -1)}g` }],
    ["two signatures in one header", { body: conversationBody, signature: `${signature}, ${signature}` }],
    ["a signature of another body", { body: conversationBody, signature: sign(`${conversationBody} `) }],
    ["the body re-serialized with other whitespace", { body: JSON.stringify(JSON.parse(conversationBody), null, 2), signature }],
    ["the body re-serialized compactly (JSON.stringify(req.body))", { body: JSON.stringify(JSON.parse(conversationBody)), signature: sign(`${conversationBody}\n`) }],
    ["an empty body with the signature of a real one", { body: "", signature }],
    ["a wrong secret's signature", { body: conversationBody, signature: sign(conversationBody, "another-secret") }],
    ["a body that is not a string or bytes (null)", { body: null, signature }],
    ["a body that is not a string or bytes (an object)", { body: JSON.parse(conversationBody), signature }],
    ["a body that is not a string or bytes (a number)", { body: 42, signature }],
    ["a header that is not a string", { body: conversationBody, signature: 1234 }],
    ["a header that is an object", { body: conversationBody, signature: { toString: () => signature } }],
  ];
  test.each(refused)("returns false, without throwing, for %s", async (_, input) => {
    expect(await verifyWebhook({ ...(input as object), secret: SECRET } as never)).toBe(false);
  });

  test("an empty body is verified like any other (and then refused by parseWebhook as not JSON)", async () => {
    expect(await verifyWebhook({ body: "", signature: sign(""), secret: SECRET })).toBe(true);
    expect(await verifyWebhook({ body: new Uint8Array(0), signature: sign(""), secret: SECRET })).toBe(true);
  });

  test("a 10 MB body: verified when signed, refused when not", async () => {
    const body = encoded(tenMegabytes());
    expect(await verifyWebhook({ body, signature: sign(body), secret: SECRET })).toBe(true);
    body[body.length - 2]! ^= 1;
    expect(await verifyWebhook({ body, signature: sign(tenMegabytes()), secret: SECRET })).toBe(false);
  });

  test("invalid UTF-8 is hashed as the bytes it is", async () => {
    const body = Uint8Array.from([...encoded('{"type":"notification_event","topic":"'), 0xff, 0xfe, 0xc3, ...encoded('"}')]);
    expect(await verifyWebhook({ body, signature: sign(body), secret: SECRET })).toBe(true);
    // Decoded (with U+FFFD replacements) and re-encoded, it is another body.
    expect(await verifyWebhook({ body: new TextDecoder().decode(body), signature: sign(body), secret: SECRET })).toBe(false);
  });

  test("a missing secret is a configuration error: a TypeError, before any hashing", async () => {
    for (const secret of [undefined, "", 42]) {
      await expect(verifyWebhook({ body: conversationBody, signature, secret: secret as never })).rejects.toThrow(TypeError);
    }
  });
});

describe("parseWebhook", () => {
  test("hands over the notification, as sent", async () => {
    const parsed = await parseWebhook({ body: conversationBody, signature: sign(conversationBody), secret: SECRET });
    expect(parsed).toEqual(JSON.parse(conversationBody));
    expect(parsed.topic).toBe("conversation.admin.replied");
  });

  test("delivers ping (whose id may be null) and topics the table does not know", async () => {
    expect((await parseWebhook({ body: pingBody, signature: sign(pingBody), secret: SECRET })).data.item).toEqual({ type: "ping", message: "something something interzen" });
    const future = JSON.stringify(notification("spaceship.launched", { type: "spaceship", id: "1" }));
    expect((await parseWebhook({ body: future, signature: sign(future), secret: SECRET })).topic).toBe("spaceship.launched");
  });

  const invalidUtf8 = Uint8Array.from([...encoded(conversationBody.slice(0, 40)), 0xc3, 0x28, ...encoded(conversationBody.slice(40))]);
  const cases: [string, { body: string | Uint8Array; signature: string | null }, WebhookErrorReason, number][] = [
    ["no signature", { body: conversationBody, signature: null }, "missing_signature", 401],
    ["a sha256= signature", { body: conversationBody, signature: sha256Signature(conversationBody) }, "malformed_signature", 401],
    ["a re-serialized body", { body: JSON.stringify(JSON.parse(conversationBody), null, 1), signature: sign(conversationBody) }, "signature_mismatch", 401],
    ["invalid UTF-8, signed", { body: invalidUtf8, signature: sign(invalidUtf8) }, "invalid_utf8", 400],
    ["invalid UTF-8, unsigned", { body: invalidUtf8, signature: sign(conversationBody) }, "signature_mismatch", 401],
    ["an empty body, signed", { body: "", signature: sign("") }, "invalid_json", 400],
    ["JSON cut short, signed", { body: conversationBody.slice(0, 50), signature: sign(conversationBody.slice(0, 50)) }, "invalid_json", 400],
    ["JSON that is not a notification, signed", { body: '{"type":"conversation"}', signature: sign('{"type":"conversation"}') }, "not_a_notification", 400],
    [
      "a notification without data.item",
      { body: '{"type":"notification_event","id":"n","topic":"x.y","data":{}}', signature: sign('{"type":"notification_event","id":"n","topic":"x.y","data":{}}') },
      "not_a_notification",
      400,
    ],
    [
      "a non-ping notification without id",
      { body: '{"type":"notification_event","topic":"x.y","data":{"item":{}}}', signature: sign('{"type":"notification_event","topic":"x.y","data":{"item":{}}}') },
      "not_a_notification",
      400,
    ],
    ["a JSON array, signed", { body: "[]", signature: sign("[]") }, "not_a_notification", 400],
  ];
  test.each(cases)("refuses %s with WebhookError (reason, status), quoting neither body nor secret", async (_, input, reason, status) => {
    const error = await parseWebhook({ ...input, secret: SECRET }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebhookError);
    expect(error).toMatchObject({ reason, status, name: "WebhookError" });
    const shown = `${String(error)} ${(error as Error).stack} ${JSON.stringify(error)}`;
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain("BODY-MARKER-42");
    expect(shown).not.toContain(sign(conversationBody).slice(5));
  });
});

describe("createWebhooks: options and listeners", () => {
  test("refuses bad options before any request, without quoting the secret", () => {
    expect(() => createWebhooks({ secret: "" })).toThrow(TypeError);
    expect(() => createWebhooks(undefined as never)).toThrow(TypeError);
    expect(() => createWebhooks({ secret: SECRET, maxBodyBytes: 0 })).toThrow(RangeError);
    expect(() => createWebhooks({ secret: SECRET, timeout: -1 })).toThrow(RangeError);
    // Above 2^31-1 ms a timer fires at once in Node.
    expect(() => createWebhooks({ secret: SECRET, timeout: 2 ** 31 })).toThrow(RangeError);
    expect(() => createWebhooks({ secret: SECRET }).on("", () => {})).toThrow(TypeError);
    expect(() => createWebhooks({ secret: SECRET }).on("ping", "nope" as never)).toThrow(TypeError);
    try {
      createWebhooks({ secret: SECRET, maxBodyBytes: -5 });
    } catch (error) {
      expect(String(error)).not.toContain(SECRET);
    }
  });

  test("dispatches to the topic's listeners, the prefix wildcards and *, and to nothing else", async () => {
    const heard: string[] = [];
    const webhooks = createWebhooks({ secret: SECRET })
      .on("conversation.admin.replied", (n) => void heard.push(`exact ${n.id}`))
      .on("conversation.admin.*", () => void heard.push("conversation.admin.*"))
      .on("conversation.*", () => void heard.push("conversation.*"))
      .on("conversation_part.*", () => void heard.push("wrong family"))
      .on("conversation.user.replied", () => void heard.push("wrong topic"))
      .on("*", (n) => void heard.push(`* ${n.topic}`));
    const received = await webhooks.receive({ body: conversationBody, signature: sign(conversationBody) });
    expect(received.id).toBe("notif_conversation-admin-replied-1");
    expect(heard.sort()).toEqual(["* conversation.admin.replied", "conversation.*", "conversation.admin.*", "exact notif_conversation-admin-replied-1"]);
    heard.length = 0;
    await webhooks.receive({ body: pingBody, signature: sign(pingBody) });
    expect(heard).toEqual(["* ping"]);
  });

  test("receive rejects with WebhookError for a bad signature and calls no listener", async () => {
    const listener = vi.fn();
    const webhooks = createWebhooks({ secret: SECRET }).on("*", listener);
    await expect(webhooks.receive({ body: conversationBody, signature: sign(conversationBody, "other") })).rejects.toMatchObject({ reason: "signature_mismatch" });
    expect(listener).not.toHaveBeenCalled();
  });
});

describe("the README's topic table", () => {
  test("is webhookTopics, row for row", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    const start = readme.indexOf("<!-- webhook-topics:start");
    const end = readme.indexOf("<!-- webhook-topics:end -->");
    expect(start, "README.md has no webhook-topics markers").toBeGreaterThan(-1);
    const documented: Record<string, string> = {};
    for (const line of readme.slice(start, end).split("\n")) {
      const cells = line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim());
      if (cells.length !== 2 || !cells[0]!.startsWith("`")) continue;
      const kind = cells[1]!.match(/`([^`]+)`/)![1]!;
      for (const [, topic] of cells[0]!.matchAll(/`([^`]+)`/g)) documented[topic!] = kind;
    }
    expect(documented).toEqual({ ...webhookTopics });
  });
});
