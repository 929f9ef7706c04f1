// Compile-time rules of the reply helpers, per version: what each version's spec allows compiles,
// and every rule TypeScript can express (one contact identifier, admin_id, a body for comments and
// notes, reply_options for quick replies, fields a version lacks) fails to compile.
import { describe, expectTypeOf, test } from "vitest";
import type { components as C210, Intercom as Intercom210 } from "../generated/2.10/index.js";
import type { components as C211, Intercom as Intercom211 } from "../generated/2.11/index.js";
import type { components as CUnstable, Intercom as IntercomUnstable } from "../generated/unstable/index.js";
import type { operations as Ops211 } from "../generated/2.11/index.js";
import type { AdminReplyInput, ContactReplyInput, NoteInput, ReplyOptions, ReplyRequest } from "../src/index.js";
import type { Intercom as Intercom27 } from "../generated/2.7/index.js";
import type { Intercom as Intercom29 } from "../generated/2.9/index.js";
import type { Intercom as Intercom213 } from "../generated/2.13/index.js";
import type { Intercom as Intercom214 } from "../generated/2.14/index.js";

declare const v210: Intercom210;
declare const v211: Intercom211;
declare const unstable: IntercomUnstable;
const option = { text: "Yes", uuid: "0c5f1b1e-8a0a-4c0b-9a51-3f6c0d1c2b3a" };

describe("return types come from each version's spec", () => {
  test("a ticket reply resolves to the ticket part, a conversation reply to the conversation", () => {
    expectTypeOf(v210.tickets.reply).returns.resolves.toEqualTypeOf<C210["schemas"]["ticket_reply"]>();
    expectTypeOf(v211.tickets.note).returns.resolves.toEqualTypeOf<C211["schemas"]["ticket_reply"]>();
    expectTypeOf(unstable.tickets.replyAsContact).returns.resolves.toEqualTypeOf<CUnstable["schemas"]["ticket_reply"]>();
    expectTypeOf(v210.conversations.reply).returns.resolves.toEqualTypeOf<C210["schemas"]["conversation"]>();
    expectTypeOf(v211.conversations.replyAsAdmin).returns.resolves.toEqualTypeOf<C211["schemas"]["conversation"]>();
    expectTypeOf(unstable.conversations.note).returns.resolves.toEqualTypeOf<CUnstable["schemas"]["conversation"]>();
  });

  test("the spec's own body types are accepted by reply()", () => {
    expectTypeOf<C211["schemas"]["admin_reply_ticket_request"] & { body: string; message_type: "note" }>().toExtend<Parameters<typeof v211.tickets.reply>[1]>();
    expectTypeOf<C211["schemas"]["contact_reply_ticket_email_request"]>().toExtend<Parameters<typeof v211.tickets.reply>[1]>();
    expectTypeOf<C210["schemas"]["contact_reply_intercom_user_id_request"]>().toExtend<Parameters<typeof v210.conversations.reply>[1]>();
  });
});

describe("which versions have which helpers", () => {
  test("tickets only where the ticket reply is the admin/contact oneOf", () => {
    expectTypeOf<Intercom27>().not.toHaveProperty("tickets");
    // 2.9's ticket reply is a note-only body with no `type`: not this family.
    expectTypeOf<Intercom29>().not.toHaveProperty("tickets");
    expectTypeOf<Intercom27>().toHaveProperty("conversations");
    expectTypeOf<Intercom29>().toHaveProperty("conversations");
    expectTypeOf<Intercom210>().toHaveProperty("tickets");
  });

  test("later versions' additions follow their specs", () => {
    const v213 = {} as Intercom213;
    const v214 = {} as Intercom214;
    v213.tickets.replyAsContact("1", { email: "a@example.com", body: "Hi", skip_notifications: true });
    v214.conversations.replyAsAdmin("1", { admin_id: "7", message_type: "quick_reply", reply_options: [option] });
    // @ts-expect-error 2.13 conversations have no quick replies
    v213.conversations.replyAsAdmin("1", { admin_id: "7", message_type: "quick_reply", reply_options: [option] });
  });
});

describe("contact replies", () => {
  test("exactly one identifier", () => {
    v211.tickets.replyAsContact("1", { intercom_user_id: "u", body: "Hi" });
    v211.tickets.replyAsContact("1", { user_id: "u", body: "Hi" });
    v211.tickets.replyAsContact("1", { email: "a@example.com", body: "Hi" });
    v210.conversations.replyAsContact("1", { email: "a@example.com", body: "Hi", attachment_urls: ["https://example.com/a.png"] });
    // @ts-expect-error two identifiers
    v211.tickets.replyAsContact("1", { intercom_user_id: "u", email: "a@example.com", body: "Hi" });
    // @ts-expect-error two identifiers, on the raw union too
    v211.tickets.reply("1", { type: "user", message_type: "comment", user_id: "u", email: "a@example.com", body: "Hi" });
    // @ts-expect-error no identifier
    v211.tickets.replyAsContact("1", { body: "Hi" });
    // @ts-expect-error two identifiers, conversations
    unstable.conversations.replyAsContact("1", { user_id: "u", intercom_user_id: "v", body: "Hi" });
  });

  test("a body, and only comments", () => {
    // @ts-expect-error no body
    v211.tickets.replyAsContact("1", { user_id: "u" });
    // @ts-expect-error a contact cannot write a note
    v211.tickets.reply("1", { type: "user", message_type: "note", user_id: "u", body: "Hi" });
    // @ts-expect-error the shorthand fills the discriminators itself
    v211.tickets.replyAsContact("1", { type: "user", user_id: "u", body: "Hi" });
  });

  test("created_at exists only where the version's contact schema has it, as seconds or a Date", () => {
    v211.tickets.replyAsContact("1", { user_id: "u", body: "Hi", created_at: 1_700_000_000 });
    v211.conversations.replyAsContact("1", { user_id: "u", body: "Hi", created_at: new Date() });
    unstable.tickets.reply("1", { type: "user", message_type: "comment", email: "a@example.com", body: "Hi", created_at: new Date() });
    // @ts-expect-error 2.10 contact replies have no created_at
    v210.tickets.replyAsContact("1", { user_id: "u", body: "Hi", created_at: 1_700_000_000 });
    // @ts-expect-error not a string
    v211.tickets.replyAsContact("1", { user_id: "u", body: "Hi", created_at: "2024-01-01" });
  });

  test("attachment_files on conversations only, reply_options from unstable on", () => {
    const file = { content_type: "text/plain", data: "aGk=", name: "hi.txt" };
    v211.conversations.replyAsContact("1", { user_id: "u", body: "Hi", attachment_files: [file] });
    // @ts-expect-error ticket contact replies take no files
    v211.tickets.replyAsContact("1", { user_id: "u", body: "Hi", attachment_files: [file] });
    unstable.conversations.replyAsContact("1", { user_id: "u", body: "Yes", reply_options: [option] });
    // @ts-expect-error 2.11 contact replies have no reply_options
    v211.conversations.replyAsContact("1", { user_id: "u", body: "Yes", reply_options: [option] });
  });
});

describe("admin replies", () => {
  test("admin_id is required, and a string", () => {
    v210.tickets.replyAsAdmin("1", { admin_id: "7", body: "Hi" });
    // @ts-expect-error no admin_id
    v210.tickets.replyAsAdmin("1", { body: "Hi" });
    // @ts-expect-error no admin_id
    v211.conversations.note("1", { body: "Hi" });
    // @ts-expect-error the spec's admin_id is a string (its examples' integers are wrong)
    v211.tickets.replyAsAdmin("1", { admin_id: 7, body: "Hi" });
    // @ts-expect-error no admin_id on the raw union
    unstable.tickets.reply("1", { type: "admin", message_type: "comment", body: "Hi" });
  });

  test("comments and notes need a body", () => {
    v211.tickets.replyAsAdmin("1", { admin_id: "7", message_type: "note", body: "Hi" });
    // @ts-expect-error no body for a comment
    v211.tickets.replyAsAdmin("1", { admin_id: "7" });
    // @ts-expect-error no body for a note
    v211.tickets.note("1", { admin_id: "7" });
    // @ts-expect-error no body for a note on the raw union
    v211.conversations.reply("1", { type: "admin", message_type: "note", admin_id: "7" });
    // @ts-expect-error note() sets message_type itself
    v211.tickets.note("1", { admin_id: "7", body: "Hi", message_type: "comment" });
  });

  test("quick replies: where the version allows them, with reply_options", () => {
    v210.tickets.replyAsAdmin("1", { admin_id: "7", message_type: "quick_reply", reply_options: [option] });
    unstable.conversations.replyAsAdmin("1", { admin_id: "7", message_type: "quick_reply", reply_options: [option] });
    unstable.tickets.reply("1", { type: "admin", admin_id: "7", message_type: "quick_reply", reply_options: [option] });
    // @ts-expect-error a quick reply needs its options
    v211.tickets.replyAsAdmin("1", { admin_id: "7", message_type: "quick_reply", body: "Pick one" });
    // @ts-expect-error 2.11 conversations have no quick replies
    v211.conversations.replyAsAdmin("1", { admin_id: "7", message_type: "quick_reply", reply_options: [option] });
    // @ts-expect-error 2.10 conversations have no quick replies
    v210.conversations.reply("1", { type: "admin", admin_id: "7", message_type: "quick_reply", reply_options: [option] });
  });

  test("created_at: conversations from 2.10, tickets from 2.11", () => {
    v210.conversations.replyAsAdmin("1", { admin_id: "7", body: "Hi", created_at: new Date() });
    v211.tickets.note("1", { admin_id: "7", body: "Hi", created_at: 1_700_000_000 });
    // @ts-expect-error 2.10 admin ticket replies have no created_at
    v210.tickets.replyAsAdmin("1", { admin_id: "7", body: "Hi", created_at: 1_700_000_000 });
  });

  test("version- and resource-specific extras pass through, typed", () => {
    v210.tickets.note("1", { admin_id: "7", body: "Hi", cross_post: true });
    unstable.tickets.replyAsAdmin("1", { admin_id: "7", body: "Hi", skip_notifications: true });
    unstable.tickets.replyAsContact("1", { email: "a@example.com", body: "Hi", skip_notifications: true });
    unstable.conversations.replyAsAdmin("1", { admin_id: "7", body: "Hi", skip_notifications: true, skip_unsnooze: true });
    unstable.tickets.note("1", { admin_id: "7", body: "Hi", attachment_files: [{ content_type: "text/plain", data: "aGk=", name: "a.txt" }] });
    // @ts-expect-error skip_notifications is unstable's
    v211.tickets.replyAsAdmin("1", { admin_id: "7", body: "Hi", skip_notifications: true });
    // @ts-expect-error unstable conversations have skip_notifications for admins only
    unstable.conversations.replyAsContact("1", { email: "a@example.com", body: "Hi", skip_notifications: true });
    // @ts-expect-error cross_post is for tickets
    v211.conversations.note("1", { admin_id: "7", body: "Hi", cross_post: true });
    // @ts-expect-error 2.11 admin ticket replies take no files
    v211.tickets.note("1", { admin_id: "7", body: "Hi", attachment_files: [] });
    // @ts-expect-error a boolean
    unstable.tickets.replyAsAdmin("1", { admin_id: "7", body: "Hi", skip_notifications: "yes" });
  });

  test("the raw union needs its discriminators", () => {
    // @ts-expect-error no type
    v211.tickets.reply("1", { message_type: "comment", admin_id: "7", body: "Hi" });
    // @ts-expect-error unknown type
    v211.tickets.reply("1", { type: "bot", message_type: "comment", admin_id: "7", body: "Hi" });
    // @ts-expect-error no message_type
    v211.tickets.reply("1", { type: "admin", admin_id: "7", body: "Hi" });
  });
});

describe("the exported types", () => {
  test("are the helpers' parameter types, for wrappers", () => {
    expectTypeOf<NoteInput<Ops211, "tickets">>().toEqualTypeOf<Parameters<typeof v211.tickets.note>[1]>();
    expectTypeOf<AdminReplyInput<Ops211, "conversations">>().toEqualTypeOf<Parameters<typeof v211.conversations.replyAsAdmin>[1]>();
    expectTypeOf<ContactReplyInput<Ops211, "tickets">>().toEqualTypeOf<Parameters<typeof v211.tickets.replyAsContact>[1]>();
    expectTypeOf<ReplyRequest<Ops211, "tickets">>().toEqualTypeOf<Parameters<typeof v211.tickets.reply>[1]>();
    expectTypeOf<ReplyOptions>().toEqualTypeOf<NonNullable<Parameters<typeof v211.tickets.reply>[2]>>();
    expectTypeOf<NoteInput<Ops211, "tickets">>().toHaveProperty("cross_post");
  });

  test("the README example compiles", async () => {
    const intercom = v211;
    const part = await intercom.tickets.replyAsAdmin("123", { admin_id: "991267991", body: "On it!" });
    await intercom.tickets.note("123", { admin_id: "991267991", body: "<p>Escalated to billing</p>", cross_post: true });
    await intercom.tickets.replyAsContact("123", { email: "ada@example.com", body: "Thanks!", created_at: new Date() });
    await intercom.tickets.replyAsAdmin("123", {
      admin_id: "991267991",
      message_type: "quick_reply",
      reply_options: [{ text: "Yes", uuid: crypto.randomUUID() }],
    });
    await intercom.tickets.reply("123", { type: "user", message_type: "comment", user_id: "external-42", body: "Any news?" });
    const conversation = await intercom.conversations.note("456", { admin_id: "991267991", body: "VIP customer" });
    expectTypeOf(part).toEqualTypeOf<C211["schemas"]["ticket_reply"]>();
    expectTypeOf(conversation).toEqualTypeOf<C211["schemas"]["conversation"]>();
    intercom.tickets.note("1", { admin_id: "1", body: "x" }, { signal: AbortSignal.timeout(1000) });
  });
});
