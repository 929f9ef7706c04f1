// The small program (intercom-fetch.2.11.ts) and the webhook receiver (webhooks.ts) in one
// bundle: its size minus the small program's is what verifying and parsing webhooks adds to an
// app that already has the client.
export { main } from "./intercom-fetch.2.11.js";
export { receive } from "./webhooks.js";
