// The fake workspace's state: its records by kind, the id counters and the clock. Records are kept
// in the JSON shape Intercom answers with, so routes, search and assertions read the same objects.

/** The kinds of record the fake gives ids to. */
export type IdKind =
  | "contact"
  | "company"
  | "tag"
  | "note"
  | "event"
  | "conversation"
  | "part"
  | "message"
  | "admin"
  | "request"
  | "notification"
  | "export"
  | "ticket_type"
  | "ticket_attribute"
  | "ticket";

/** Makes the `n`th id (from 1) of a kind: deterministic, so a test's ids are the same on every run. */
export type IdGenerator = (kind: IdKind, n: number) => string;

const HEX_KINDS: Partial<Record<IdKind, string>> = { contact: "c0", company: "c1", event: "e0", notification: "f0" };

/**
 * The default ids: Intercom's shapes (24 hex digits for contacts and companies, numeric strings
 * for conversations, tags, admins...), counted per kind from 1.
 */
export const defaultIds: IdGenerator = (kind, n) => {
  const hex = HEX_KINDS[kind];
  if (hex) return `${hex}${n.toString(16).padStart(22, "0")}`;
  // Intercom's request ids are UUIDs (the descriptions' `error.request_id` has format uuid).
  if (kind === "request") return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  if (kind === "admin") return String(n);
  return String((kind === "conversation" ? 1_000_000 : kind === "part" ? 2_000_000 : 100) + n);
};

/** The origin the fake answers as in-process, and the one its records' `url`s point at. */
export const BASE_URL = "https://fake.intercom.test";

/** A record as kept: Intercom's JSON object. */
export type Json = Record<string, unknown>;

export interface Emitted {
  topic: string;
  item: Json;
}

/** The whole workspace: what `reset()` clears. */
export class Workspace {
  readonly admins = new Map<string, Json>();
  readonly contacts = new Map<string, Json>();
  /** Archived contacts: kept out of lists and search until unarchived. */
  readonly archived = new Set<string>();
  readonly companies = new Map<string, Json>();
  readonly tags = new Map<string, Json>();
  /** Tag ids per contact, in the order applied, with when and by whom. */
  readonly contactTags = new Map<string, Map<string, { appliedAt: number; by: string | null }>>();
  /** Company ids per contact. */
  readonly contactCompanies = new Map<string, Set<string>>();
  readonly notes = new Map<string, Json>();
  readonly events: Json[] = [];
  readonly conversations = new Map<string, Json>();
  readonly messages = new Map<string, Json>();
  readonly ticketTypes = new Map<string, Json>();
  /** Tickets as kept: the version's shapes are applied when they are rendered (routes/tickets.ts). */
  readonly tickets = new Map<string, Json>();
  private counters = new Map<IdKind, number>();

  constructor(
    readonly appId: string,
    private readonly ids: IdGenerator,
    private readonly clock: () => number,
    readonly emit: (topic: string, item: Json) => void,
  ) {}

  id(kind: IdKind): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return this.ids(kind, n);
  }

  /** The fake's clock in UNIX seconds, as Intercom's timestamps are. */
  seconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  millis(): number {
    return this.clock();
  }

  clear(): void {
    for (const collection of [
      this.admins,
      this.contacts,
      this.companies,
      this.tags,
      this.contactTags,
      this.contactCompanies,
      this.notes,
      this.conversations,
      this.messages,
      this.ticketTypes,
      this.tickets,
    ])
      collection.clear();
    this.archived.clear();
    this.events.length = 0;
    this.counters.clear();
  }
}

/** A deep copy, so a caller holding a record cannot change the fake's state behind its back. */
export const copy = <T>(value: T): T => structuredClone(value);
