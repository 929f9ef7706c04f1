// The version-independent entry: what works the same whichever Intercom version you import.
export { IntercomError, type IntercomErrorDetail } from "./core/errors.js";
export type { IntercomOptions, Region } from "./core/client.js";
export type { RetryOptions } from "./core/transport.js";
