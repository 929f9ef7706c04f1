// VIP sync: a small Intercom integration written the way an app using intercom-fetch would be,
// over the package's public entries only. It runs the same in Node and in a browser; its tests
// (test/) run it against the fake Intercom of `intercom-fetch/testing`.
import { IntercomError, where } from "intercom-fetch";
import { createIntercom } from "intercom-fetch/2.11";
import { createWebhooks } from "intercom-fetch/webhooks";

/** openapi-fetch answers `{ data, error, response }`; the app wants an exception instead. */
async function ok(call) {
  const result = await call;
  if (!result.response.ok) throw IntercomError.from(result);
  return result.data;
}

/**
 * @param {object} options
 * @param {string} options.token  the Intercom access token
 * @param {string} [options.baseUrl]  omitted in production (Intercom's own host for `region`)
 * @param {typeof fetch} [options.fetch]
 * @param {"us" | "eu" | "au"} [options.region]
 * @param {string[]} [options.vipPlans]  the plans (the contacts' `plan` custom attribute) whose customers are VIPs
 */
export function createVipSync({ token, baseUrl, fetch, region, vipPlans = ["enterprise"] }) {
  const intercom = createIntercom({ token, baseUrl, fetch, region });
  let me;
  const admin = async () => (me ??= await ok(intercom.GET("/me")));

  return {
    intercom,

    /**
     * Creates or updates one contact per customer of `people` (`{ id, email, name, plan }`),
     * matched on `external_id`. Resolves to the contacts' ids, by `external_id`.
     */
    async syncContacts(people) {
      const ids = {};
      for (const person of people) {
        const body = { email: person.email, name: person.name, custom_attributes: { plan: person.plan } };
        let existing;
        for await (const contact of intercom.search.contacts(where("external_id", "=", person.id), { limit: 1 })) existing = contact;
        const contact = existing
          ? await ok(intercom.PUT("/contacts/{id}", { params: { path: { id: existing.id } }, body }))
          : await ok(intercom.POST("/contacts", { body: { role: "user", external_id: person.id, ...body } }));
        ids[person.id] = contact.id;
      }
      return ids;
    },

    /** Tags every contact on one of `vipPlans` with `tagName`; resolves to their ids. */
    async tagVips(tagName = "VIP") {
      const tag = await ok(intercom.POST("/tags", { body: { name: tagName } }));
      const tagged = [];
      for await (const contact of intercom.search.contacts(where("custom_attributes.plan", "IN", vipPlans))) {
        await ok(intercom.POST("/contacts/{contact_id}/tags", { params: { path: { contact_id: contact.id } }, body: { id: tag.id } }));
        tagged.push(contact.id);
      }
      return tagged;
    },

    /** Answers every open ticket as the token's admin; resolves to the tickets' ids. */
    async replyToOpenTickets(body) {
      const { id: adminId } = await admin();
      const answered = [];
      for await (const ticket of intercom.search.tickets(where("open", "=", true))) {
        await intercom.tickets.replyAsAdmin(ticket.id, { admin_id: String(adminId), body });
        answered.push(ticket.id);
      }
      return answered;
    },

    /**
     * The messages sent between `from` and `to`, from Intercom's content data export:
     * `[{ email, title, receivedAt }]`.
     */
    async sentMessages({ from, to, pollMs = 2_000 }) {
      const job = await intercom.exports.run({ from, to, waitIfBusy: true, interval: { initial: pollMs, max: pollMs * 30 } });
      if (job.status === "no_data") return [];
      const rows = [];
      for await (const row of intercom.exports.rows(job)) rows.push({ email: row.email, title: row.content_title, receivedAt: row.received_at });
      return rows;
    },
  };
}

/**
 * The app's webhook endpoint: `fetchHandler` for any fetch-style server (or the fake's
 * `webhooks.deliver`); what it heard is kept in `events`, newest last.
 */
export function createReceiver({ secret }) {
  const events = [];
  const webhooks = createWebhooks({ secret })
    .on("contact.user.created", ({ data }) => events.push({ topic: "contact.user.created", id: data.item.id }))
    .on("contact.user.tag.created", ({ data }) => events.push({ topic: "contact.user.tag.created", id: data.item.contact.id, tag: data.item.tag.name }))
    .on("ticket.*", ({ topic, data }) => events.push({ topic, id: data.item.id }));
  return { events, fetchHandler: webhooks.fetchHandler };
}
