#!/usr/bin/env node
// Writes webhooks.vectors.mjs: notification bodies and their X-Hub-Signature, signed here with
// node:crypto (never with the package), for webhooks.check.mjs to verify on every runtime.
// test/webhooks-runtimes.test.ts fails when the committed file differs from what this writes.
//
//   node test/runtimes/make-webhook-vectors.mjs           write the file
//   node test/runtimes/make-webhook-vectors.mjs --stdout  print it instead
import { createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

if (process.argv.includes("--help")) {
  console.log("Usage: node test/runtimes/make-webhook-vectors.mjs [--stdout]\nWrites test/runtimes/webhooks.vectors.mjs (exit 0), or prints it with --stdout.");
  process.exit(0);
}
const unknown = process.argv.slice(2).filter((a) => a !== "--stdout");
if (unknown.length) {
  console.error(`unknown argument ${unknown[0]}; see --help`);
  process.exit(2);
}

const secret = "runtime-matrix-secret-do-not-leak";
const hmac = (algorithm, body, key = secret) => createHmac(algorithm, key).update(body).digest("hex");
const envelope = (topic, item, id = `notif_${topic}`) =>
  JSON.stringify({
    type: "notification_event",
    app_id: "a86dr8yl",
    data: { type: "notification_event_data", item },
    links: {},
    id,
    topic,
    delivery_attempts: 1,
    first_sent_at: 1763740800,
    created_at: 1763740800,
  });

const conversation = envelope("conversation.admin.replied", { type: "conversation", id: "123", title: "Zoë's refund — €20" });
const ping = envelope("ping", { type: "ping", message: "something something interzen" }, null);
const future = envelope("spaceship.launched", { type: "spaceship", id: "1" });
const filler = 10 * 1024 * 1024;
const large = envelope("conversation.user.created", { type: "conversation", id: "9", filler: "x".repeat(filler) });
const invalidUtf8 = Buffer.concat([Buffer.from(conversation.slice(0, 30)), Buffer.from([0xff, 0xfe]), Buffer.from(conversation.slice(30))]);

/** Each vector: a body (`text`, `hex` bytes, or `large`: the 10 MB body rebuilt from `filler`), a signature, and what must happen. */
const vectors = {
  secret,
  filler,
  good: [
    { name: "conversation.admin.replied (UTF-8 body)", text: conversation, signature: `sha1=${hmac("sha1", conversation)}`, topic: "conversation.admin.replied", itemId: "123" },
    { name: "ping (id null)", text: ping, signature: `sha1=${hmac("sha1", ping)}`, topic: "ping", itemId: null },
    { name: "a topic the table does not know", text: future, signature: `sha1=${hmac("sha1", future)}`, topic: "spaceship.launched", itemId: "1" },
    { name: "a 10 MB body", large: true, signature: `sha1=${hmac("sha1", large)}`, topic: "conversation.user.created", itemId: "9" },
  ],
  bad: [
    { name: "missing signature", text: conversation, signature: null, reason: "missing_signature" },
    { name: "sha256= prefix", text: conversation, signature: `sha256=${hmac("sha256", conversation)}`, reason: "malformed_signature" },
    { name: "wrong length", text: conversation, signature: `sha1=${hmac("sha1", conversation).slice(0, 39)}`, reason: "malformed_signature" },
    { name: "non-hex", text: conversation, signature: `sha1=${"g".repeat(40)}`, reason: "malformed_signature" },
    { name: "body re-serialized with other whitespace", text: JSON.stringify(JSON.parse(conversation), null, 2), signature: `sha1=${hmac("sha1", conversation)}`, reason: "signature_mismatch" },
    { name: "empty body, another body's signature", text: "", signature: `sha1=${hmac("sha1", conversation)}`, reason: "signature_mismatch" },
    { name: "another secret", text: conversation, signature: `sha1=${hmac("sha1", conversation, "another-secret")}`, reason: "signature_mismatch" },
    { name: "empty body, signed", text: "", signature: `sha1=${hmac("sha1", "")}`, reason: "invalid_json", verifies: true },
    { name: "invalid UTF-8, signed", hex: invalidUtf8.toString("hex"), signature: `sha1=${hmac("sha1", invalidUtf8)}`, reason: "invalid_utf8", verifies: true },
  ],
};

export const source = `// Written by make-webhook-vectors.mjs (signatures from node:crypto); do not edit by hand.\nexport default ${JSON.stringify(vectors, null, 1)};\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--stdout")) process.stdout.write(source);
  else writeFileSync(new URL("./webhooks.vectors.mjs", import.meta.url), source);
}
