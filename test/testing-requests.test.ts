// Requests checked against the description, for every pinned version: every route the fake serves
// is sent a valid request (test/support/fake-exercise.ts), which passes; then each request is made
// invalid in the ways the version's description refuses (a required body field or query parameter
// left out, a field of the wrong type, a value outside its enum), and each must be Intercom's 400
// naming that field. The mutations are derived from the description, not written per route.
import { describe, expect, test } from "vitest";
import { createFakeIntercom, type FakeDescription, type FakeIntercom, type FakeManifest } from "../src/testing/index.js";
import { exercise, type Sent } from "./support/fake-exercise.js";
import { pins, root } from "./support/versions.js";

type Schema = Record<string, unknown>;
const shapeOf = (template: string) => template.replace(/\{[^}]+\}/g, "{}");

/** A schema with its refs and its "or null" wrapper taken off. */
function resolve(description: FakeDescription, schema: unknown): Schema | undefined {
  let s = schema as Schema | undefined;
  for (let i = 0; i < 20 && s; i++) {
    if (typeof s.$ref === "string") s = description.schemas[s.$ref.replace("#/$defs/", "")] as Schema;
    else if (Array.isArray(s.anyOf) && s.anyOf.length === 2 && (s.anyOf as Schema[]).some((b) => b.type === "null")) s = (s.anyOf as Schema[]).find((b) => b.type !== "null");
    else return s;
  }
  return s;
}

/** The object schema (or `oneOf` branch) a valid body was sent as: its properties and required ones. */
function objectOf(description: FakeDescription, schema: unknown, body: Schema): { properties: Record<string, Schema>; required: string[] } | undefined {
  const s = resolve(description, schema);
  if (!s) return undefined;
  for (const key of ["oneOf", "anyOf"] as const) {
    if (!Array.isArray(s[key])) continue;
    for (const branch of s[key] as unknown[]) {
      const found = objectOf(description, branch, body);
      const fits =
        found?.required.every((r) => r in body) &&
        Object.entries(found.properties).every(([k, p]) => !(k in body) || !Array.isArray(resolve(description, p)?.enum) || (resolve(description, p)!.enum as unknown[]).includes(body[k]));
      if (found && fits) return found;
    }
  }
  // `allOf` (2.16's create and update ticket: the request's schema and `skip_notifications`): the parts together.
  const parts = [
    ...(Array.isArray(s.allOf) ? (s.allOf as unknown[]).map((part) => objectOf(description, part, body)) : []),
    typeof s.properties === "object" ? { properties: s.properties as Record<string, Schema>, required: (s.required as string[] | undefined) ?? [] } : undefined,
  ].filter((p) => p !== undefined);
  if (parts.length === 0) return undefined;
  return { properties: Object.assign({}, ...parts.map((p) => p.properties)), required: parts.flatMap((p) => p.required) };
}

const WRONG: Record<string, unknown> = { string: 12345, integer: "not-a-number", number: "not-a-number", boolean: "not-a-boolean", object: "not-an-object", array: "not-an-array" };

interface Mutation {
  route: string;
  what: string;
  expected: { code: string; field: string };
  send: () => Promise<Response>;
}

/** The invalid variants of one valid request, from its operation's description. */
function mutations(fake: FakeIntercom, description: FakeDescription, sent: Sent): Mutation[] {
  const entry = Object.entries(description.requests).find(([key]) => shapeOf(key) === shapeOf(`${sent.method} ${sent.template}`));
  if (!entry) return [];
  const shape = entry[1];
  const route = `${sent.method.toUpperCase()} ${sent.template}`;
  const send =
    (body: unknown, query = sent.request.query) =>
    () =>
      fake.fetch(`${fake.baseUrl}${sent.template.replace(/\{([a-z_]+)\}/g, (_, name: string) => encodeURIComponent(sent.request.params[name]!))}${query}`, {
        method: sent.method.toUpperCase(),
        headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
  const out: Mutation[] = [];

  const query = new URLSearchParams(sent.request.query);
  for (const [name, { required, schema }] of Object.entries(shape.query)) {
    const type = resolve(description, schema)?.type;
    if (!query.has(name)) continue;
    const without = new URLSearchParams(query);
    without.delete(name);
    if (required) out.push({ route, what: `query ${name} left out`, expected: { code: "parameter_not_found", field: name }, send: send(sent.request.body, `?${without}`) });
    if (type === "integer" || type === "boolean") {
      without.set(name, "not-a-value");
      out.push({ route, what: `query ${name}=not-a-value`, expected: { code: "parameter_invalid", field: name }, send: send(sent.request.body, `?${without}`) });
    }
  }

  const body = sent.request.body as Schema | undefined;
  if (!shape.body || typeof body !== "object" || body === null) return out;
  const object = objectOf(description, shape.body.schema, body);
  if (!object) return out;
  for (const name of object.required.filter((r) => r in body)) {
    const { [name]: _dropped, ...rest } = body;
    out.push({ route, what: `body without ${name}`, expected: { code: "parameter_not_found", field: name }, send: send(rest) });
  }
  for (const [name, raw] of Object.entries(object.properties)) {
    if (!(name in body)) continue;
    const property = resolve(description, raw);
    if (Array.isArray(property?.enum)) {
      out.push({ route, what: `body ${name} outside its enum`, expected: { code: "parameter_invalid", field: name }, send: send({ ...body, [name]: "not-in-the-enum" }) });
    } else {
      // `["string", "null"]` (a nullable field): wrong is neither.
      const type = [property?.type].flat().find((t) => typeof t === "string" && t !== "null") as string | undefined;
      if (type && type in WRONG) out.push({ route, what: `body ${name} of the wrong type`, expected: { code: "parameter_invalid", field: name }, send: send({ ...body, [name]: WRONG[type] }) });
    }
  }
  return out;
}

describe.each(pins.map((p) => p.key))("%s", (version) => {
  test("every valid request passes; each request the description refuses is a 400 naming the field", async () => {
    const { manifest } = (await import(`${root}/generated/${version}/meta.ts`)) as { manifest: FakeManifest };
    const { description } = (await import(`${root}/generated/${version}/testing.ts`)) as { description: FakeDescription };
    const fake = createFakeIntercom({ manifest, description });
    const sent = await exercise(fake, description);
    const valid = sent.filter((s) => s.request.params.token === undefined && !(s.template === "/contacts/{contact_id}" && s.request.params.contact_id === "missing") && s.request.body !== null);
    // The exercise's own invalid request (a note without a body) aside, every request passed.
    const refused = valid.filter((s) => s.status === 400 && s.template !== "/contacts/{contact_id}/notes");
    expect(refused.map((s) => [s.method, s.template, s.body])).toEqual([]);

    const problems: string[] = [];
    const mutated = new Set<string>();
    for (const s of valid.filter((v) => v.status < 300)) {
      for (const m of mutations(fake, description, s)) {
        mutated.add(m.route);
        const response = await m.send();
        const answer = (await response.json().catch(() => ({}))) as { errors?: { code: string; field?: string }[] };
        const got = { status: response.status, code: answer.errors?.[0]?.code, field: answer.errors?.[0]?.field };
        if (got.status !== 400 || got.code !== m.expected.code || got.field !== m.expected.field)
          problems.push(`${m.route}: ${m.what}: got ${JSON.stringify(got)}, expected 400 ${JSON.stringify(m.expected)}`);
      }
    }
    expect(problems).toEqual([]);
    // Every route sent a JSON body its description documents was made invalid at least once (2.11's
    // PUT /companies/{id} documents none, so nothing of what it is sent can be refused).
    const documented = (s: Sent) => Object.entries(description.requests).some(([key, shape]) => shape.body && shapeOf(key) === shapeOf(`${s.method} ${s.template}`));
    const withBody = new Set(valid.filter((s) => s.status < 300 && s.request.body !== undefined && documented(s)).map((s) => `${s.method.toUpperCase()} ${s.template}`));
    expect([...withBody].filter((r) => !mutated.has(r))).toEqual([]);
    expect(mutated.size).toBeGreaterThan(15);
  });
});

describe("what a refusal looks like", () => {
  test("Intercom's error.list naming the field; without `description` only the fields a route reads are checked", async () => {
    const { manifest } = await import("../generated/2.11/core.js");
    const { description } = await import("../generated/2.11/testing.js");
    const send = (fake: FakeIntercom, path: string, body: unknown) =>
      fake.fetch(`${fake.baseUrl}${path}`, { method: "POST", headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const message = (fake: FakeIntercom) => {
      const contact = fake.data.contacts.create({ email: "a@x.io" });
      // A boolean in the description, which the fake's route never reads.
      return {
        message_type: "email",
        subject: "Hi",
        body: "Hello",
        template: "plain",
        from: { type: "admin", id: 1 },
        to: { type: "user", id: contact.id },
        create_conversation_without_contact_reply: "yes",
      };
    };
    const checked = createFakeIntercom({ manifest, description });
    const response = await send(checked, "/messages", message(checked));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      type: "error.list",
      errors: [{ code: "parameter_invalid", field: "create_conversation_without_contact_reply", message: expect.stringMatching(/^create_conversation_without_contact_reply is invalid: /) }],
    });
    expect(checked.data.messages.list()).toEqual([]);
    const events = await checked.fetch(`${checked.baseUrl}/events?type=user`, { headers: { authorization: `Bearer ${checked.token}` } });
    expect((await events.json()).errors).toMatchObject([{ code: "parameter_not_found", field: "filter" }]);
    const unchecked = createFakeIntercom({ manifest });
    expect((await send(unchecked, "/messages", message(unchecked))).status).toBe(200);
  });
});
