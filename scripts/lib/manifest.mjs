// The per-version manifest: everything the runtime knows about one version, read from its
// repaired description once, at generation. The core and the helpers take their facts from it
// (servers, query styles, which POSTs only read, the search resources and their rules, the lists
// paginate can walk, the reply and export operations, the export's CSV columns), and
// specs:update diffs it, so a change upstream reaches the helpers and the release notes together.
import { extractPagination } from "./pagination.mjs";
import { extractSearchFields } from "./search-fields.mjs";
import { deref, extractMeta, HTTP_METHODS } from "./spec.mjs";

/**
 * The operations the reply helpers wrap, by operation id, keyed by the helper's name. A version's
 * helper exists when its operation takes the admin/contact `oneOf` (2.9's ticket reply does not).
 */
const REPLY_OPERATIONS = { tickets: "replyTicket", conversations: "replyConversation" };

/** The operations the export helper wraps, by operation id. */
const EXPORT_OPERATIONS = { create: "createDataExport", get: "getDataExport", cancel: "cancelDataExport", download: "downloadDataExport" };
/** The schema of one line of the export's CSV. */
const EXPORT_ROW_SCHEMA = "data_export_csv";

/** Every operation by id: `{ method, path, op, item }`. */
function operationsById(spec) {
  const byId = new Map();
  for (const [p, item] of Object.entries(spec.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item?.[method];
      if (op?.operationId) byId.set(op.operationId, { method, path: p, op, item });
    }
  }
  return byId;
}

/** The names of an operation's path parameters, in path order. */
const pathParams = (p) => [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);

/** POST operations that only read: Intercom's search endpoints (`.../search`), whatever their body. */
export function readOnlyPosts(spec) {
  return Object.entries(spec.paths ?? {})
    .filter(([p, item]) => item?.post && /\/search$/.test(p))
    .map(([p]) => p);
}

/** Whether a request body (a `oneOf` of reply kinds) has an admin branch: `type: "admin"` somewhere in its oneOf. */
function hasAdminBranch(spec, schema, depth = 0) {
  const s = deref(spec, schema);
  if (!s || depth > 4) return false;
  if (deref(spec, s.properties?.type)?.enum?.includes("admin")) return true;
  return (s.oneOf ?? s.anyOf ?? []).some((branch) => hasAdminBranch(spec, branch, depth + 1));
}

export function extractReplies(spec, byId = operationsById(spec)) {
  const replies = {};
  for (const [name, operationId] of Object.entries(REPLY_OPERATIONS)) {
    const found = byId.get(operationId);
    if (!found || !hasAdminBranch(spec, found.op.requestBody && deref(spec, found.op.requestBody)?.content?.["application/json"]?.schema)) continue;
    const [idParam, ...more] = pathParams(found.path);
    if (!idParam || more.length) throw new Error(`${operationId} (${found.path}): expected one path parameter, the id`);
    replies[name] = { operationId, method: found.method, path: found.path, idParam };
  }
  return replies;
}

export function extractExports(spec, byId = operationsById(spec)) {
  const operations = {};
  for (const [name, operationId] of Object.entries(EXPORT_OPERATIONS)) {
    const found = byId.get(operationId);
    if (!found) return undefined;
    const params = pathParams(found.path);
    if (params.length > 1) throw new Error(`${operationId} (${found.path}): expected at most one path parameter, the job's id`);
    operations[name] = { operationId, method: found.method, path: found.path, ...(params[0] ? { idParam: params[0] } : {}) };
  }
  const row = deref(spec, spec.components?.schemas?.[EXPORT_ROW_SCHEMA]);
  const columns = {};
  for (const [column, raw] of Object.entries(row?.properties ?? {})) {
    const type = [deref(spec, raw)?.type].flat().find((t) => t && t !== "null");
    columns[column] = type === "integer" ? "integer" : "string";
  }
  return { ...operations, rows: { schema: EXPORT_ROW_SCHEMA, columns } };
}

/** The manifest of one (repaired) description. */
export function extractManifest(spec) {
  const { apiVersion, servers, queryStyles } = extractMeta(spec);
  const byId = operationsById(spec);
  const pagination = extractPagination(spec);
  const exports = extractExports(spec, byId);
  return {
    apiVersion,
    servers,
    queryStyles,
    readOnlyPosts: readOnlyPosts(spec),
    search: extractSearchFields(spec),
    lists: pagination.paginated,
    replies: extractReplies(spec, byId),
    ...(exports ? { exports } : {}),
  };
}
