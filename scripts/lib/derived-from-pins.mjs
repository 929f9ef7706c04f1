// What is derived from openapi/versions.json rather than written by hand: the package's exports
// map and the README's table of versions. Adding a version is then one pin, not an edit in every
// place that lists versions; scripts/sync-versions.mjs writes these, and a test checks them.

/** The import subpaths of a pinned version: its key, then its aliases (`unstable`, `preview`). */
export const subpathsOf = (pin) => [pin.key, ...(pin.aliases ?? [])];

const entry = (base) => ({
  import: { types: `./dist/${base}.d.ts`, default: `./dist/${base}.js` },
  require: { types: `./dist/${base}.d.cts`, default: `./dist/${base}.cjs` },
});

/**
 * Subpaths that are not versions: one module each (src/<name>/index.ts), the same for every
 * version. `redis` (the shared limiter) is the only one that loads the `redis` package, `otel`
 * (tracing) the only one that loads `@opentelemetry/api`, `testing/msw` (the fake as MSW handlers) `msw`.
 */
export const EXTRA_SUBPATHS = ["webhooks", "redis", "otel", "testing", "testing/msw"];

/**
 * The entries of each version, by subpath suffix: the full client, the core alone, and what
 * `intercom-fetch/testing`'s fake checks that version's requests with (no client code).
 */
export const VERSION_ENTRIES = { "": "index", "/core": "core", "/testing": "testing" };

/**
 * package.json `exports`: the root, each version's entries under each of its subpaths (an alias
 * points at its version's files), the extra subpaths, package.json.
 */
export function exportsMap(pins) {
  /** @type {Record<string, ReturnType<typeof entry> | string>} */
  const map = { ".": entry("index") };
  for (const pin of pins.versions) {
    for (const subpath of subpathsOf(pin)) {
      for (const [suffix, file] of Object.entries(VERSION_ENTRIES)) map[`./${subpath}${suffix}`] = entry(`${pin.key}/${file}`);
    }
  }
  for (const subpath of EXTRA_SUBPATHS) map[`./${subpath}`] = entry(`${subpath}/index`);
  map["./package.json"] = "./package.json";
  return map;
}

export const TABLE_START = "<!-- versions:start (written by scripts/sync-versions.mjs from openapi/versions.json) -->";
export const TABLE_END = "<!-- versions:end -->";

/**
 * The README's version table. `rows` are `{ subpaths, apiVersion, operations, size }` in pin order;
 * `size` is free text (measured from dist/), the rest is checked against the pins.
 */
export function versionTable(rows, footer = "") {
  const lines = [
    "| import | `Intercom-Version` sent | operations | size of its files (unpacked / gzipped) |",
    "| --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.subpaths.map((s) => `\`intercom-fetch/${s}\``).join(", ")} | \`${r.apiVersion}\` | ${r.operations} | ${r.size} |`),
  ];
  return [TABLE_START, ...lines, ...(footer ? ["", footer] : []), TABLE_END].join("\n");
}

/** The table between the markers, or undefined when the markers are missing. */
export function findTable(text) {
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return text.slice(start, end + TABLE_END.length);
}

/** Parses the rows of a table written by `versionTable`, keyed by their first subpath. */
export function parseTableRows(table) {
  const rows = new Map();
  for (const line of table.split("\n")) {
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.length !== 4 || !cells[0].startsWith("`intercom-fetch/")) continue;
    const subpaths = [...cells[0].matchAll(/`intercom-fetch\/([^`]+)`/g)].map((m) => m[1]);
    rows.set(subpaths[0], { subpaths, apiVersion: cells[1].replaceAll("`", ""), operations: Number(cells[2]), size: cells[3] });
  }
  return rows;
}

/** `1234567` -> `1.2 MB`, `45678` -> `45.7 kB` (powers of 1000, as npm prints sizes). */
export function formatBytes(bytes) {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** tsup's entries: the root, and each version's entries from generated/<key>/. */
export function buildEntries(pins) {
  const entries = { index: "src/index.ts" };
  for (const pin of pins.versions) {
    for (const file of Object.values(VERSION_ENTRIES)) entries[`${pin.key}/${file}`] = `generated/${pin.key}/${file}.ts`;
  }
  for (const name of EXTRA_SUBPATHS) entries[`${name}/index`] = `src/${name}/index.ts`;
  return entries;
}
