// `intercom-fetch/testing`: a fake Intercom workspace for your tests. The core and the version
// entries never import it.
export { createFakeIntercom, type FakeCollection, type FakeData, type FakeIntercom, type FakeIntercomOptions, type SeedContact, type SeedConversation } from "./fake.js";
export type { FakeDescription } from "./description.js";
export type { FakeManifest } from "./manifest.js";
export type { FakeRateLimitOptions } from "./rate-limit.js";
export type { AdminInput } from "./routes/admins.js";
export type { CompanyInput } from "./routes/companies.js";
export type { ContactInput } from "./routes/contacts.js";
export type { ConversationInput } from "./routes/conversations.js";
export type { TicketInput, TicketTypeInput } from "./routes/tickets.js";
export type { IdGenerator, IdKind, Json } from "./store.js";
export type { FakeWebhooks, FakeWebhooksOptions, SentWebhook } from "./webhooks.js";
