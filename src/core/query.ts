import { createQuerySerializer, serializeArrayParam, serializeObjectParam, serializePrimitiveParam } from "openapi-fetch";

/** How the spec says one array or object query parameter is written (OpenAPI `style` / `explode`). */
export interface QueryStyle {
  style: "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";
  explode: boolean;
}

/**
 * openapi-fetch applies one style to every query parameter, but Intercom's descriptions declare
 * them per parameter: `GET /events` takes its `filter` object as plain `user_id=...` (form,
 * exploded), while `GET /content/search` takes comma-separated arrays (form, not exploded). The
 * generator collects those declarations per version; parameters it does not know keep
 * openapi-fetch's defaults.
 */
export function createSpecQuerySerializer(styles: Readonly<Record<string, QueryStyle>>) {
  const fallback = createQuerySerializer();
  return (query: Record<string, unknown> | undefined): string => {
    const parts: string[] = [];
    for (const [declaredName, raw] of Object.entries(query ?? {})) {
      if (raw === undefined || raw === null) continue;
      const declared = styles[declaredName];
      // openapi-fetch encodes values but not names or object keys: a key taken from input
      // ("a&admin=1") would add parameters of its own.
      const name = encodeURIComponent(declaredName);
      const value = typeof raw === "object" && !Array.isArray(raw) ? encodeKeys(raw as Record<string, unknown>) : raw;
      let part: string;
      if (!declared) part = fallback({ [name]: value });
      else if (Array.isArray(value)) part = serializeArrayParam(name, value, { ...declared, allowReserved: false } as never);
      else if (typeof value === "object") part = serializeObjectParam(name, value as Record<string, unknown>, { ...declared, allowReserved: false } as never);
      else part = serializePrimitiveParam(name, String(value), { allowReserved: false });
      if (part) parts.push(part);
    }
    return parts.join("&");
  };
}

/** `value` with its keys percent-encoded; a prototype-less copy, so that a `__proto__` key stays a key. */
function encodeKeys(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) out[encodeURIComponent(key)] = value[key];
  return out;
}
