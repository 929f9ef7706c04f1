// The benchmarks' webhook receiver: verifies a notification and parses it, typed from Intercom
// 2.11, and nothing else (no handlers, no API client). Its bundle is what a webhook endpoint adds;
// package.json's "size-limit" budget for it is checked by test/size.test.ts.
import type { components } from "intercom-fetch/2.11";
import { isWebhookTopic, parseWebhook, verifyWebhook, WebhookError } from "intercom-fetch/webhooks";

export async function receive(body: Uint8Array, signature: string | null, secret: string) {
  if (!(await verifyWebhook({ body, signature, secret }))) return { status: 401 };
  try {
    const notification = await parseWebhook<components>({ body, signature, secret });
    return { status: 200, conversation: isWebhookTopic(notification, "conversation.admin.replied") ? notification.data.item.id : undefined };
  } catch (error) {
    if (error instanceof WebhookError) return { status: error.status };
    throw error;
  }
}
