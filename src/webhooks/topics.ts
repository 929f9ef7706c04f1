// The one table of Intercom's webhook topics and what each sends as `data.item`, from Intercom's
// "Webhook topics" reference (developers.intercom.com, webhooks/webhook-models; the 2.16 page).
// A value is the name of a schema in the version's description (`components["schemas"][name]`,
// `unknown` where that version lacks it) or one of the shapes that exist only in webhooks, typed in
// items.ts: `deleted` (the minimal payload every `*.deleted` topic sends), `contact_tag`,
// `content_stat`, `contact_merged`, `ping`. `unknown` where the documentation names two objects
// or an object the descriptions do not define. The README's topic table is checked against this.

export const webhookTopics = {
  "admin.added_to_workspace": "admin",
  "admin.away_mode_updated": "admin",
  "admin.activity_log_event.created": "admin",
  "admin.removed_from_workspace": "admin",
  "admin.logged_in": "admin",
  "admin.logged_out": "admin",

  "article.created": "article",
  "article.updated": "article",
  "article.published": "article",
  "article.unpublished": "article",
  "article.deleted": "deleted",

  "call.started": "call",
  "call.ended": "call",
  "call.transcription_available": "call",
  "call.recording_available": "call",

  "company.created": "company",
  "company.updated": "company",
  "company.deleted": "deleted",
  "company.contact.attached": "unknown",
  "company.contact.detached": "unknown",

  "contact.archived": "contact",
  "contact.unarchive": "contact",
  "contact.deleted": "deleted",
  "contact.email.updated": "contact",
  "contact.lead.added_email": "contact",
  "contact.lead.created": "contact",
  "contact.lead.signed_up": "contact",
  "contact.lead.updated": "contact",
  "contact.lead.tag.created": "contact_tag",
  "contact.lead.tag.deleted": "contact_tag",
  "contact.merged": "contact_merged",
  "contact.subscribed": "unknown",
  "contact.unsubscribed": "unknown",
  "contact.user.created": "contact",
  "contact.user.updated": "contact",
  "contact.user.tag.created": "contact_tag",
  "contact.user.tag.deleted": "contact_tag",

  "content_stat.banner": "content_stat",
  "content_stat.carousel": "content_stat",
  "content_stat.chat": "content_stat",
  "content_stat.checklist": "content_stat",
  "content_stat.custom_bot": "content_stat",
  "content_stat.email": "content_stat",
  "content_stat.news_item": "content_stat",
  "content_stat.post": "content_stat",
  "content_stat.push": "content_stat",
  "content_stat.series": "content_stat",
  "content_stat.series.webhook": "content_stat",
  "content_stat.sms": "content_stat",
  "content_stat.survey": "content_stat",
  "content_stat.tooltip_group": "content_stat",
  "content_stat.tour": "content_stat",

  "conversation.admin.assigned": "conversation",
  "conversation.admin.closed": "conversation",
  "conversation.admin.noted": "conversation",
  "conversation.admin.open.assigned": "conversation",
  "conversation.admin.opened": "conversation",
  "conversation.admin.replied": "conversation",
  "conversation.admin.single.created": "conversation",
  "conversation.admin.snoozed": "conversation",
  "conversation.admin.unsnoozed": "conversation",
  "conversation.operator.replied": "conversation",
  "conversation.deleted": "deleted",
  "conversation.priority.updated": "conversation",
  "conversation.rating.added": "conversation",
  "conversation.read": "conversation",
  "conversation.user.created": "conversation",
  "conversation.user.replied": "conversation",
  "conversation.contact.attached": "unknown",
  "conversation.contact.detached": "unknown",
  "conversation_part.redacted": "conversation_part",
  "conversation_part.tag.created": "conversation_part",

  "event.created": "data_event",

  "granular.subscribe": "unknown",
  "granular.unsubscribe": "unknown",

  "job.completed": "jobs",

  "ticket.created": "ticket",
  "ticket.state.updated": "ticket",
  "ticket.note.created": "ticket",
  "ticket.admin.assigned": "ticket",
  "ticket.team.assigned": "ticket",
  "ticket.contact.attached": "ticket",
  "ticket.contact.detached": "ticket",
  "ticket.attribute.updated": "ticket",
  "ticket.admin.replied": "ticket",
  "ticket.contact.replied": "ticket",
  "ticket.closed": "ticket",
  "ticket.rating.provided": "ticket",

  "visitor.signed_up": "visitor",

  ping: "ping",
} as const;

/** Every topic in the table. */
export type WebhookTopic = keyof typeof webhookTopics;
