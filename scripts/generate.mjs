#!/usr/bin/env node
// Turns each pulled description into generated/<key>/: the repaired spec (overlay applied), its
// openapi-typescript types, a metadata module and the version's entry module. Everything it writes
// is build output and stays out of git.
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import openapiFormat from "openapi-format";
import YAML from "yaml";
import { generatedDir, overlayFile, parseCommandLine, pulledFile, readPins, root, run, ScriptError, selectVersions, sha256 } from "./lib/versions.mjs";
import { extractFakeDescription } from "./lib/fake-description.mjs";
import { extractManifest } from "./lib/manifest.mjs";
import { applyCorpus, readCorpus } from "./lib/inaccuracies.mjs";
import { extractPagination } from "./lib/pagination.mjs";
import { applyOverlay, initRequired, listOperations, unresolvedRefs } from "./lib/spec.mjs";
import { generateTypes } from "./lib/typegen.mjs";

const HELP = `Usage: node scripts/generate.mjs [--only KEYS]

For each version pinned in openapi/versions.json, reads openapi/<key>.yaml (run
scripts/pull.mjs first), applies openapi/overlays/<key>.overlay.yaml when present, then the
actions of every entry of openapi/overlays/inaccuracies.yaml that lists the version (the corpus of known
inaccuracies, scripts/lib/inaccuracies.mjs), refuses any unresolved $ref, and writes
generated/<key>/:
  openapi.json  the repaired description (what Prism serves in the tests)
  schema.ts     openapi-typescript types: paths, components, operations (settings and
                normalisations in scripts/lib/typegen.mjs)
  calls.ts      each method's operations by path ("/me": Call<paths["/me"]["get"]>): what the
                path methods look a path up in, instead of filtering every path per call;
                and by method, the paths whose calls must pass init
  meta.ts       the version's manifest (scripts/lib/manifest.mjs): the Intercom-Version header,
                servers, query styles, read-only POSTs, search resources with their fields and
                operators, pageable lists, reply and export operations, the export's columns;
                and every operation
  index.ts      the version's entry: createIntercom (the core and every helper), apiVersion, the types
  core.ts       the core-only entry: createIntercom (the core alone), the manifest, the types
  testing.ts    what intercom-fetch/testing's fake checks requests with and the response shapes it
                builds (scripts/lib/fake-description.mjs): the \`intercom-fetch/<key>/testing\` entry

  --only KEYS   comma-separated version keys (default: all pinned versions)
  -h, --help    show this help

Exit codes: 0 generated, 1 a file is missing, unchanged by its overlay or unresolvable, or the
corpus is malformed or names a version one of its actions does not fit, 2 bad usage.`;

run(async (argv) => {
  const parsed = parseCommandLine(argv, HELP, { only: { type: "string" } });
  if (!parsed) return;
  const args = parsed.values;

  const pins = readPins();
  const corpus = corpusOf(pins);
  for (const version of selectVersions(pins, args.only)) {
    const started = performance.now();
    const source = pulledFile(version.key);
    if (!existsSync(source)) throw new ScriptError(`${path.relative(root, source)} is missing: run "node scripts/pull.mjs" first`);
    const bytes = readFileSync(source);
    if (sha256(bytes) !== version.sha256) {
      throw new ScriptError(`${path.relative(root, source)} does not match its pin in openapi/versions.json: run "node scripts/pull.mjs" again`);
    }
    let spec = YAML.parse(bytes.toString("utf8"), { maxAliasCount: -1 });

    const overlayPath = overlayFile(version.key);
    if (existsSync(overlayPath)) {
      const { data, unused } = await applyOverlay(openapiFormat, spec, YAML.parse(readFileSync(overlayPath, "utf8")));
      if (unused.length) {
        throw new ScriptError(`${path.relative(root, overlayPath)}: ${unused.length} action(s) matched nothing (${unused.map((a) => a.target).join(", ")}); fix or remove them`);
      }
      spec = data;
    }
    try {
      spec = await applyCorpus(openapiFormat, spec, corpus, version.key);
    } catch (error) {
      throw new ScriptError(`openapi/overlays/inaccuracies.yaml: ${error.message}; fix the entry's versions or actions`);
    }

    const dangling = unresolvedRefs(spec);
    if (dangling.length) {
      const list = dangling
        .slice(0, 10)
        .map((d) => `  ${d.ref} (at ${d.at})`)
        .join("\n");
      throw new ScriptError(`version "${version.key}": ${dangling.length} unresolved $ref(s); repair them in ${path.relative(root, overlayPath)}:\n${list}`);
    }

    const meta = { manifest: extractManifest(spec), unpaginatedLists: extractPagination(spec).unpaginated, operations: listOperations(spec) };
    const { types, shared } = await generateTypes(spec);
    if (shared.length) console.log(`generated/${version.key}: request defaults made optional in schemas responses use too: ${shared.join(", ")}`);
    const outDir = path.join(generatedDir, version.key);
    await mkdir(outDir, { recursive: true });
    await writeAtomic(path.join(outDir, "openapi.json"), JSON.stringify(spec));
    await writeAtomic(path.join(outDir, "schema.ts"), `${banner(version)}\n${types}`);
    await writeAtomic(path.join(outDir, "calls.ts"), callsModule(version, spec));
    await writeAtomic(path.join(outDir, "meta.ts"), metaModule(version, meta));
    await writeAtomic(path.join(outDir, "index.ts"), entryModule(version, meta));
    await writeAtomic(path.join(outDir, "core.ts"), coreModule(version, meta));
    await writeAtomic(path.join(outDir, "testing.ts"), testingModule(version, extractFakeDescription(spec)));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`generated/${version.key}: Intercom-Version ${meta.manifest.apiVersion}, ${meta.operations.length} operations (${seconds} s)`);
  }
});

function corpusOf(pins) {
  try {
    return readCorpus(pins.versions.map((v) => v.key));
  } catch (error) {
    throw new ScriptError(error.message);
  }
}

const banner = (version) => `// Generated by scripts/generate.mjs from Intercom-OpenAPI ${version.commit} descriptions/${version.dir}: do not edit.`;

function metaModule(version, { manifest, unpaginatedLists, operations }) {
  const { apiVersion, servers, queryStyles, readOnlyPosts, search, lists, replies, exports } = manifest;
  const json = (value) => JSON.stringify(value);
  return `${banner(version)}

/** The \`Intercom-Version\` header value: the pinned file's \`info.version\`. */
export const apiVersion = ${json(apiVersion)} as const;

/** Base URL per region, from the file's \`servers\`. */
export const servers = ${json(servers)} as const;

/** Declared style of each array or object query parameter, by name (see src/core/query.ts). */
export const queryStyles = ${json(queryStyles)} as const;

/** POST paths that only read (search endpoints): retried like a GET. */
export const readOnlyPosts = ${json(readOnlyPosts)} as const;

/**
 * The search resources: every operation whose description has the "Accepted Fields" and
 * "Accepted Operators" tables, named from its path, with each field's types and the operators
 * allowed on it (the tables and the prose rules beside them), and where its items are.
 */
export const search = ${json(search)} as const;

/** List endpoints \`intercom.paginate\` can walk: how each asks for the next page, and where its items are. */
export const lists = ${json(lists)} as const;

/** List endpoints it cannot walk, and why (from the spec: no parameter to ask for the next page...). Documentation: not in the manifest, which holds what the runtime reads. */
export const unpaginatedLists = ${JSON.stringify(unpaginatedLists, null, 1)} as const;

/** The reply operations that take the admin/contact \`oneOf\`, by helper. */
export const replies = ${json(replies)} as const;

/** The content data export's operations, and the columns of its CSV with their types. */
export const dataExports = ${json(exports ?? null)} as const;

/** Everything the runtime knows about this version: what the core and the helpers read. */
export const manifest = { apiVersion, servers, queryStyles, readOnlyPosts, search, lists, replies, exports: dataExports } as const;

/** Every operation of the version. */
export const operations = ${JSON.stringify(operations, null, 1)} as const;
`;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Each method's operations by path, for the path methods' types (src/core/call-methods.ts): a call
 * looks its path up here, and TypeScript resolves only the operations a program calls, instead of
 * filtering every path of the version for each method (issue 21).
 */
function callsModule(version, spec) {
  const name = (method) => `${method[0].toUpperCase()}${method.slice(1)}Calls`;
  const operations = (method) => Object.entries(spec.paths ?? {}).filter(([, item]) => item?.[method]);
  const maps = HTTP_METHODS.map((method) => {
    const entries = operations(method).map(([p]) => `  ${JSON.stringify(p)}: Call<paths[${JSON.stringify(p)}][${JSON.stringify(method)}]>;\n`);
    return `export interface ${name(method)} {\n${entries.join("")}}\n`;
  });
  const required = (method) => {
    const list = operations(method).filter(([, item]) => initRequired(spec, item, item[method]));
    return list.length ? list.map(([p]) => JSON.stringify(p)).join(" | ") : "never";
  };
  return `${banner(version)}
import type { Call } from "../../src/core/call-methods.js";
import type { paths } from "./schema.js";

${maps.join("\n")}
/** Each method's calls by path, and the paths whose calls must pass \`init\` (a required parameter or body). */
export interface Calls {
${HTTP_METHODS.map((method) => `  ${method}: ${name(method)};\n`).join("")}  required: {
${HTTP_METHODS.map((method) => `    ${method}: ${required(method)};\n`).join("")}  };
}
`;
}

/** What both entries of a version start with: its manifest and types, as the bag the core and the helpers take. */
const VERSION_TYPES = `import type { Calls } from "./calls.js";
import { manifest } from "./meta.js";
import type { components, operations, paths } from "./schema.js";

interface Types {
  paths: paths;
  operations: operations;
  components: components;
  manifest: typeof manifest;
  calls: Calls;
}

export type { components, operations, paths } from "./schema.js";
`;

function entryModule(version, { manifest }) {
  return `${banner(version)}
import type { IntercomOptions } from "../../src/core/client.js";
import { createIntercomClient, type Intercom as IntercomFor } from "../../src/intercom.js";
${VERSION_TYPES}export { apiVersion } from "./meta.js";

/** The client of Intercom API ${manifest.apiVersion}: openapi-fetch's \`GET\`, \`POST\`, ... typed from this version's spec, and the helpers. */
export type Intercom = IntercomFor<Types>;

/** Creates a client that sends \`Intercom-Version: ${manifest.apiVersion}\` on every request. */
export function createIntercom(options: IntercomOptions): Intercom {
  return createIntercomClient<Types>(options, manifest);
}
`;
}

function coreModule(version, { manifest }) {
  return `${banner(version)}
import { createCore, type IntercomCore, type IntercomOptions } from "../../src/core/client.js";
${VERSION_TYPES}export { apiVersion, manifest } from "./meta.js";

/** The core client of Intercom API ${manifest.apiVersion}, without helpers: add those you use with \`withHelpers\`. */
export type Intercom = IntercomCore<Types>;

/** Creates the core client (no helpers), sending \`Intercom-Version: ${manifest.apiVersion}\` on every request. */
export function createIntercom(options: IntercomOptions): Intercom {
  return createCore<Types>(options, manifest);
}
`;
}

/** Only the fake reads it: a module of its own, so the version's entries never grow with it. */
function testingModule(version, description) {
  return `${banner(version)}
import type { FakeDescription } from "../../src/testing/description.js";

/**
 * Intercom API ${description.apiVersion} as \`createFakeIntercom({ manifest, description })\` checks it:
 * every operation's request as JSON Schema, and the response shapes that differ between versions.
 */
export const description: FakeDescription = ${JSON.stringify(description)};
`;
}

async function writeAtomic(file, text) {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}
