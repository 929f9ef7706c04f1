// Admins: the token's owner (`/me`) and the workspace's teammates.
import { FakeHttpError, notFound } from "../protocol.js";
import type { Route } from "../router.js";
import { copy, type Json, type Workspace } from "../store.js";

export interface AdminInput {
  name: string;
  email: string;
  job_title?: string;
  away_mode_enabled?: boolean;
  has_inbox_seat?: boolean;
  team_ids?: number[];
}

export function createAdmin(ws: Workspace, input: AdminInput): Json {
  if (typeof input?.name !== "string" || typeof input.email !== "string") throw new TypeError("fake.data.admins.create: `name` and `email` must be strings");
  const admin: Json = {
    type: "admin",
    id: ws.id("admin"),
    name: input.name,
    email: input.email,
    job_title: input.job_title ?? "",
    away_mode_enabled: input.away_mode_enabled ?? false,
    away_mode_reassign: false,
    has_inbox_seat: input.has_inbox_seat ?? true,
    team_ids: input.team_ids ?? [],
    avatar: null,
  };
  ws.admins.set(String(admin.id), admin);
  return admin;
}

/** The admin the token belongs to: the workspace's first. */
export function owner(ws: Workspace): Json {
  const first = ws.admins.values().next().value;
  if (!first) throw new FakeHttpError(401, "unauthorized", "Access Token Invalid");
  return first;
}

export function findAdmin(ws: Workspace, id: unknown, field: string): Json {
  const admin = ws.admins.get(String(id));
  if (!admin) throw new FakeHttpError(404, "admin_not_found", `Admin Not Found`, field);
  return admin;
}

export const adminRoutes: Route[] = [
  {
    method: "get",
    path: "/me",
    handle: ({ ws }) => ({
      ...copy(owner(ws)),
      type: "admin",
      avatar: { type: "avatar", image_url: null },
      email_verified: true,
      app: { type: "app", id_code: ws.appId, name: "Fake Intercom", created_at: 1_700_000_000, secure: false, identity_verification: false, timezone: "UTC", region: "US" },
    }),
  },
  { method: "get", path: "/admins", handle: ({ ws }) => ({ type: "admin.list", admins: [...ws.admins.values()].map(copy) }) },
  {
    method: "get",
    path: "/admins/{admin_id}",
    handle: ({ ws, params }) => {
      const admin = ws.admins.get(params.admin_id!);
      if (!admin) throw notFound("Admin");
      return copy(admin);
    },
  },
];
