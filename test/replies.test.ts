// Ticket and conversation replies against Prism, for every pinned version: each shorthand and each
// branch of the spec's oneOf must be accepted (any `sl-violations` or Prism 422 fails the test) and
// decode to the spec's response; bad input must be refused before a request is sent.
import { beforeAll, describe, expect, inject, test } from "vitest";
import { loadSpec, pins, root } from "./support/versions.js";

type Resource = "tickets" | "conversations";
const RESOURCES: { resource: Resource; operationId: string }[] = [
  { resource: "tickets", operationId: "replyTicket" },
  { resource: "conversations", operationId: "replyConversation" },
];

interface Sent {
  path: string;
  body: Record<string, unknown> | undefined;
  status: number;
  violations: unknown[];
}

/** A fetch that counts what it sends and keeps what Prism said about each exchange. */
function recording() {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    const response = await globalThis.fetch(request);
    const header = response.headers.get("sl-violations");
    let violations: unknown[] = header ? JSON.parse(header) : [];
    if (response.status === 422) {
      const body = await response
        .clone()
        .json()
        .catch(() => undefined);
      if (Array.isArray(body?.validation)) violations = [...violations, ...body.validation];
    }
    sent.push({ path: new URL(request.url).pathname, body: text ? JSON.parse(text) : undefined, status: response.status, violations });
    return response;
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

// ---- what each version's spec declares, read from the spec so that a new pin is covered as it is ----

interface Branch {
  properties: Record<string, { enum?: string[]; type?: string }>;
}

/** The leaves of a request body's oneOf, each with its allOf parts and its parents' sibling properties merged in. */
function branches(spec: any, schema: any, inherited: Branch["properties"] = {}): Branch[] {
  if (schema.$ref) return branches(spec, spec.components.schemas[schema.$ref.split("/").pop()], inherited);
  const own = { ...inherited };
  for (const part of schema.allOf ?? []) for (const leaf of branches(spec, part)) Object.assign(own, leaf.properties);
  Object.assign(own, schema.properties ?? {});
  if (!schema.oneOf) return [{ properties: own }];
  return schema.oneOf.flatMap((s: any) => branches(spec, s, own));
}

/** The operation's body branches and 200 schema, or why the helpers leave the version out. */
function replySchema(spec: any, operationId: string) {
  for (const item of Object.values<any>(spec.paths)) {
    const op = item.post;
    if (op?.operationId !== operationId) continue;
    const body = branches(spec, op.requestBody.content["application/json"].schema);
    const admin = body.find((b) => b.properties.type?.enum?.includes("admin"));
    if (!admin) return { missing: "takes no admin/contact oneOf (a note-only body of its own)" } as const;
    const ok = op.responses["200"].content["application/json"].schema;
    return { admin, contacts: body.filter((b) => b.properties.type?.enum?.includes("user")), response: spec.components.schemas[ok.$ref.split("/").pop()] };
  }
  return { missing: "has no such operation" } as const;
}

/** The first pin that has both reply operations in the oneOf shape. */
const full = pins.find((pin) => RESOURCES.every(({ operationId }) => !("missing" in replySchema(loadSpec(pin.key), operationId))))!;

const option = { text: "Yes", uuid: "0c5f1b1e-8a0a-4c0b-9a51-3f6c0d1c2b3a" };
const identifiers = { intercom_user_id: "6657aca96abd0166b52ae27d", user_id: "external-42", email: "ada@example.com" } as const;
const when = new Date("2024-05-01T12:34:56.789Z");
const whenSeconds = 1714566896;

for (const pin of pins) {
  describe(`replies ${pin.key}`, () => {
    const spec = loadSpec(pin.key);
    let createIntercom: (options: object) => any;
    beforeAll(async () => {
      ({ createIntercom } = await import(`${root}/generated/${pin.key}/index.ts`));
    });
    const client = () => {
      const { sent, fetch } = recording();
      return { sent, intercom: createIntercom({ token: "replies-test-token", baseUrl: inject("prism")[pin.key], retry: 0, fetch }) };
    };

    for (const { resource, operationId } of RESOURCES) {
      const declared = replySchema(spec, operationId);
      if ("missing" in declared) {
        // The type hides `intercom.${resource}` on this version (test/replies.test-d.ts checks it).
        test.skip(`${resource}: ${pin.key}'s ${operationId} ${declared.missing}`);
        continue;
      }
      const { admin, contacts } = declared;
      const adminTypes = admin.properties.message_type!.enum!;
      const adminDated = "created_at" in admin.properties;
      const contactDated = contacts.every((b) => "created_at" in b.properties);

      /** Calls the helper, then checks that one request went out, Prism took it, and the answer decodes. */
      async function accepted(call: (intercom: any) => Promise<unknown>) {
        const { sent, intercom } = client();
        const data = (await call(intercom)) as Record<string, any>;
        expect(sent, "exactly one request").toHaveLength(1);
        const [exchange] = sent as [Sent];
        expect(exchange.violations, `Prism flagged the exchange: ${JSON.stringify(exchange.violations)}`).toEqual([]);
        expect(exchange.status).toBe(200);
        expect(exchange.path).toBe(`/${resource}/123/reply`);
        expect(typeof data.id).toBe("string");
        for (const name of ["type", "part_type"]) {
          const values = declared.response.properties[name]?.enum;
          if (values) expect(values).toContain(data[name]);
        }
        if (resource === "tickets") expect(data.type).toBe("ticket_part");
        return exchange.body!;
      }

      describe(`${resource}: each branch of the oneOf, through reply()`, () => {
        test("the spec has one admin branch and one contact branch per identifier", () => {
          expect(contacts.map((b) => Object.keys(identifiers).filter((k) => k in b.properties))).toEqual(expect.arrayContaining([["intercom_user_id"], ["user_id"], ["email"]]));
          expect(adminTypes).toEqual(expect.arrayContaining(["comment", "note"]));
        });

        test.for(Object.entries(identifiers))("contact, by %s", async ([key, value]) => {
          const body = await accepted((i) => i[resource].reply("123", { type: "user", message_type: "comment", [key]: value, body: "Thanks!" }));
          expect(body).toEqual({ type: "user", message_type: "comment", [key]: value, body: "Thanks!" });
        });

        test.for(adminTypes)("admin %s", async (messageType) => {
          const extra = messageType === "quick_reply" ? { reply_options: [option] } : { body: `<p>A ${messageType}</p>` };
          const body = await accepted((i) => i[resource].reply("123", { type: "admin", message_type: messageType, admin_id: "991267991", ...extra }));
          expect(body).toEqual({ type: "admin", message_type: messageType, admin_id: "991267991", ...extra });
        });
      });

      describe(`${resource}: shorthands`, () => {
        test(`replyAsAdmin: a comment by default, with attachments${adminDated ? " and a Date as created_at" : ""}`, async () => {
          const input = {
            admin_id: "991267991",
            body: "Hello",
            attachment_urls: ["https://example.com/a.png", "http://example.com/b.png"],
            ...(adminDated ? { created_at: when } : {}),
          };
          const body = await accepted((i) => i[resource].replyAsAdmin("123", input));
          expect(body).toEqual({ ...input, type: "admin", message_type: "comment", ...(adminDated ? { created_at: whenSeconds } : {}) });
        });

        test("replyAsAdmin: an explicit message_type is kept", async () => {
          const body = await accepted((i) => i[resource].replyAsAdmin("123", { admin_id: "991267991", body: "Internal", message_type: "note" }));
          expect(body).toMatchObject({ type: "admin", message_type: "note" });
        });

        test.runIf(adminTypes.includes("quick_reply"))("replyAsAdmin: a quick reply (where the version has them)", async () => {
          const body = await accepted((i) => i[resource].replyAsAdmin("123", { admin_id: "991267991", message_type: "quick_reply", reply_options: [option] }));
          expect(body).toEqual({ admin_id: "991267991", type: "admin", message_type: "quick_reply", reply_options: [option] });
        });

        const flags = Object.keys(admin.properties).filter((name) => admin.properties[name]!.type === "boolean");
        test.runIf(flags.length > 0)(`replyAsAdmin: the version's own flags pass through (${flags.join(", ") || "it has none"})`, async () => {
          const extras = Object.fromEntries(flags.map((name) => [name, true]));
          const body = await accepted((i) => i[resource].replyAsAdmin("123", { admin_id: "991267991", body: "Hi", ...extras }));
          expect(body).toEqual({ admin_id: "991267991", body: "Hi", ...extras, type: "admin", message_type: "comment" });
        });

        test("note", async () => {
          const body = await accepted((i) => i[resource].note("123", { admin_id: "991267991", body: "<p>Escalated</p>" }));
          expect(body).toEqual({ admin_id: "991267991", body: "<p>Escalated</p>", type: "admin", message_type: "note" });
        });

        test.for(Object.entries(identifiers))(`replyAsContact, by %s${contactDated ? ", created_at from a Date" : ""}`, async ([key, value]) => {
          const input = { [key]: value, body: "Thanks!", ...(contactDated ? { created_at: when } : {}) };
          const body = await accepted((i) => i[resource].replyAsContact("123", input));
          expect(body).toEqual({ ...input, type: "user", message_type: "comment", ...(contactDated ? { created_at: whenSeconds } : {}) });
        });

        test("the id is encoded into the path", async () => {
          const { sent, intercom } = client();
          await intercom[resource].note("a/b?c", { admin_id: "1", body: "x" });
          expect(sent[0]!.path).toBe(`/${resource}/a%2Fb%3Fc/reply`);
        });
      });

      test(`${resource}: Prism rejects a body with two identifiers, so the checks above can fail`, async () => {
        const { sent, intercom } = client();
        const result = await intercom.request("post", `/${resource}/123/reply`, {
          body: { type: "user", message_type: "comment", user_id: "u", email: "ada@example.com", body: "Hi" },
        });
        expect(result.response.ok).toBe(false);
        expect(sent[0]!.violations.length).toBeGreaterThan(0);
      });
    }
  });
}

describe(`bad input is refused before any request (${full.key})`, () => {
  const pin = full;
  const cases: [string, Resource, string, unknown[], ErrorConstructor, string][] = [
    [
      "two identifiers",
      "tickets",
      "replyAsContact",
      [{ intercom_user_id: "a", email: "b@example.com", body: "x" }],
      TypeError,
      "tickets.replyAsContact: give exactly one of intercom_user_id, user_id, email (got 2)",
    ],
    [
      "three identifiers",
      "conversations",
      "replyAsContact",
      [{ intercom_user_id: "a", user_id: "u", email: "b@example.com", body: "x" }],
      TypeError,
      "conversations.replyAsContact: give exactly one of intercom_user_id, user_id, email (got 3)",
    ],
    ["no identifier", "tickets", "replyAsContact", [{ body: "x" }], TypeError, "tickets.replyAsContact: give exactly one of intercom_user_id, user_id, email (got 0)"],
    [
      "two identifiers, raw",
      "tickets",
      "reply",
      [{ type: "user", message_type: "comment", user_id: "u", email: "e", body: "x" }],
      TypeError,
      "tickets.reply: give exactly one of intercom_user_id, user_id, email (got 2)",
    ],
    ["an empty identifier", "tickets", "replyAsContact", [{ email: "", body: "x" }], TypeError, 'tickets.replyAsContact: email must be a non-empty string, got ""'],
    ["a contact without body", "conversations", "replyAsContact", [{ user_id: "u" }], TypeError, "conversations.replyAsContact: body must be a non-empty string for a comment"],
    [
      "a contact note",
      "tickets",
      "reply",
      [{ type: "user", message_type: "note", user_id: "u", body: "x" }],
      TypeError,
      'tickets.reply: message_type must be "comment" for a contact reply, got "note"',
    ],
    ["no admin_id", "tickets", "replyAsAdmin", [{ body: "x" }], TypeError, "tickets.replyAsAdmin: admin_id must be a non-empty string for an admin reply"],
    ["a numeric admin_id", "conversations", "note", [{ admin_id: 7, body: "x" }], TypeError, "conversations.note: admin_id must be a non-empty string for an admin reply, got number"],
    ["an empty note", "tickets", "note", [{ admin_id: "1", body: "" }], TypeError, 'tickets.note: body must be a non-empty string for a note, got ""'],
    ["a blank comment", "conversations", "replyAsAdmin", [{ admin_id: "1", body: " \n " }], TypeError, "conversations.replyAsAdmin: body must be a non-empty string for a comment"],
    ["a comment without body, raw", "tickets", "reply", [{ type: "admin", message_type: "comment", admin_id: "1" }], TypeError, "tickets.reply: body must be a non-empty string for a comment"],
    [
      "a quick reply without options",
      "tickets",
      "replyAsAdmin",
      [{ admin_id: "1", message_type: "quick_reply", body: "x" }],
      TypeError,
      "tickets.replyAsAdmin: reply_options must be a non-empty array",
    ],
    [
      "an unknown message_type",
      "tickets",
      "replyAsAdmin",
      [{ admin_id: "1", message_type: "reply", body: "x" }],
      TypeError,
      'tickets.replyAsAdmin: message_type must be one of "comment", "note", "quick_reply" for an admin reply, got "reply"',
    ],
    ["no type", "tickets", "reply", [{ message_type: "comment", admin_id: "1", body: "x" }], TypeError, 'tickets.reply: type must be "admin" or "user", got undefined'],
    ["an unknown type", "conversations", "reply", [{ type: "bot", message_type: "comment", admin_id: "1", body: "x" }], TypeError, 'conversations.reply: type must be "admin" or "user", got "bot"'],
    [
      "11 attachment URLs",
      "tickets",
      "replyAsAdmin",
      [{ admin_id: "1", body: "x", attachment_urls: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`) }],
      RangeError,
      "tickets.replyAsAdmin: attachment_urls takes at most 10 URLs, got 11",
    ],
    [
      "a relative attachment URL",
      "tickets",
      "replyAsContact",
      [{ user_id: "u", body: "x", attachment_urls: ["https://example.com/a.png", "/b.png"] }],
      TypeError,
      "tickets.replyAsContact: attachment_urls[1] must be an absolute http(s) URL (got not an absolute URL)",
    ],
    [
      "an ftp attachment URL",
      "conversations",
      "note",
      [{ admin_id: "1", body: "x", attachment_urls: ["ftp://example.com/a.png"] }],
      TypeError,
      "conversations.note: attachment_urls[0] must be an absolute http(s) URL (got a ftp: URL)",
    ],
    [
      "a non-string attachment URL",
      "tickets",
      "note",
      [{ admin_id: "1", body: "x", attachment_urls: [42] }],
      TypeError,
      "tickets.note: attachment_urls[0] must be an absolute http(s) URL (got number)",
    ],
    [
      "attachment_urls not an array",
      "tickets",
      "note",
      [{ admin_id: "1", body: "x", attachment_urls: "https://example.com/a.png" }],
      TypeError,
      "tickets.note: attachment_urls must be an array of URLs, got string",
    ],
    [
      "created_at in milliseconds",
      "conversations",
      "replyAsAdmin",
      [{ admin_id: "1", body: "x", created_at: 1714566896789 }],
      RangeError,
      "conversations.replyAsAdmin: created_at must be UNIX seconds; 1714566896789 looks like milliseconds",
    ],
    [
      "a fractional created_at",
      "tickets",
      "replyAsContact",
      [{ user_id: "u", body: "x", created_at: 1714566896.5 }],
      RangeError,
      "tickets.replyAsContact: created_at must be UNIX seconds (a non-negative integer), got 1714566896.5",
    ],
    ["a negative created_at", "tickets", "note", [{ admin_id: "1", body: "x", created_at: -1 }], RangeError, "created_at must be UNIX seconds (a non-negative integer), got -1"],
    ["an invalid Date", "tickets", "note", [{ admin_id: "1", body: "x", created_at: new Date("nope") }], RangeError, "tickets.note: created_at is an invalid Date"],
    ["a string created_at", "tickets", "note", [{ admin_id: "1", body: "x", created_at: "2024-05-01" }], TypeError, 'tickets.note: created_at must be UNIX seconds or a Date, got "2024-05-01"'],
    ["an empty id", "tickets", "note", ["", { admin_id: "1", body: "x" }], TypeError, "tickets.note: the ticket id must be a non-empty string"],
    ["a numeric id", "conversations", "note", [123, { admin_id: "1", body: "x" }], TypeError, "conversations.note: the conversation id must be a non-empty string"],
    ["no input", "tickets", "replyAsContact", [null], TypeError, "tickets.replyAsContact: the reply must be an object"],
  ];

  test.for(cases)("%s (%s.%s)", async ([, resource, method, args, kind, message]) => {
    const { createIntercom } = await import(`${root}/generated/${pin.key}/index.ts`);
    let requests = 0;
    const fetch = async () => {
      requests++;
      return Response.json({});
    };
    const intercom = createIntercom({ token: "replies-test-token", baseUrl: "http://127.0.0.1:9", retry: 0, fetch });
    const withId = args.length === 2 ? args : ["123", ...args];
    const error = await intercom[resource][method](...withId).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(kind);
    expect((error as Error).message).toContain(message);
    expect(requests).toBe(0);
  });

  test("a rejected attachment URL is not quoted (a pre-signed link carries a credential)", async () => {
    const { createIntercom } = await import(`${root}/generated/${pin.key}/index.ts`);
    const intercom = createIntercom({ token: "t", baseUrl: "http://127.0.0.1:9" });
    const url = "ftp://files.example.com/a.png?X-Amz-Signature=s3cr3t";
    const error = await intercom.tickets.note("1", { admin_id: "1", body: "x", attachment_urls: [url] }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain("attachment_urls[0]");
    expect(error.message).not.toContain("s3cr3t");
  });

  test("an IntercomError for Intercom's refusal, with no token in it", async () => {
    const { createIntercom } = await import(`${root}/generated/${pin.key}/index.ts`);
    const { IntercomError } = await import(`${root}/src/index.ts`);
    const fetch = async () => Response.json({ type: "error.list", errors: [{ code: "not_found", message: "Ticket not found" }] }, { status: 404 });
    const intercom = createIntercom({ token: "secret-token-123", baseUrl: "http://127.0.0.1:9", retry: 0, fetch });
    const error = await intercom.tickets.note("404", { admin_id: "1", body: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomError);
    expect(error).toMatchObject({ status: 404, code: "not_found" });
    expect(String(error.message)).not.toContain("secret-token-123");
  });
});
