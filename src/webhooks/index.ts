// `intercom-fetch/webhooks`: verify Intercom's signature and hand over typed notifications. One
// module for every version: the item types come from the `components` type you pass in.
export { verifyWebhook, type VerifyWebhookInput, type WebhookBody } from "./signature.js";
export {
  isWebhookTopic,
  parseWebhook,
  WebhookError,
  type KnownWebhookNotification,
  type UnknownWebhookTopic,
  type WebhookContactTag,
  type WebhookContentStat,
  type WebhookDeletedItem,
  type WebhookErrorReason,
  type WebhookItem,
  type WebhookNotification,
  type WebhookNotificationOf,
  type WebhookPingItem,
} from "./notification.js";
export { webhookTopics, type WebhookTopic } from "./topics.js";
export {
  createWebhooks,
  type NodeWebhookRequest,
  type NodeWebhookResponse,
  type WebhookListenerNotification,
  type Webhooks,
  type WebhooksOptions,
  type WebhookTopicPattern,
} from "./handlers.js";
