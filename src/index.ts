// The version-independent entry: what works the same whichever Intercom version you import.
export { IntercomError, type IntercomErrorDetail } from "./core/errors.js";
export type { IntercomOptions, Region } from "./core/client.js";
export type { RetryOptions } from "./core/transport.js";
export type { CallOptions } from "./core/call-options.js";
export type { Logger, LogLevel } from "./core/logging.js";
export type { Limiter, RateLimit, RateLimitEvent, RateWindow } from "./core/scheduler.js";
export type { PaginateOptions } from "./helpers/paginate/index.js";
export { and, or, where, SearchQueryError, type Filter, type Group, type Operator, type Query, type SearchOptions, type SearchPage, type SearchResults } from "./helpers/search/index.js";
export {
  ExportJobError,
  ExportLimitError,
  type ExportDate,
  type ExportJob,
  type ExportJobErrorReason,
  type ExportJobFields,
  type ExportRange,
  type ExportRequestOptions,
  type ExportRow,
  type ExportRunOptions,
  type ExportWaitOptions,
  type Exports,
  type PollInterval,
} from "./helpers/exports/index.js";
export type { AdminReplyInput, ContactReplyInput, NoteInput, ReplyHelpers, ReplyOptions, ReplyRequest, ReplyResource, ReplyResult } from "./helpers/replies/index.js";
export { exports, paginate, replies, search, withHelpers, type WithHelpers } from "./helpers/index.js";
export type { HelperContext } from "./helpers/context.js";
