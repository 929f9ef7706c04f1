// What every script needs to know about the pinned versions: where the pins live, where a pulled
// file goes, and how to read a file from a mirror or from GitHub. One place, so pull, generate and
// specs:update cannot disagree about a path.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const versionsFile = path.join(root, "openapi", "versions.json");
export const overlaysDir = path.join(root, "openapi", "overlays");
export const generatedDir = path.join(root, "generated");

/** A failure the user can act on: scripts print its message alone and exit with its code. */
export class ScriptError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

const SHA = /^[0-9a-f]{40}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** Reads and checks openapi/versions.json; a malformed pin is an error here, not a confusing one later. */
export function readPins(file = versionsFile) {
  let pins;
  try {
    pins = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ScriptError(`${file}: cannot read the version pins (${error.message})`);
  }
  if (!Array.isArray(pins.versions) || pins.versions.length === 0) {
    throw new ScriptError(`${file}: "versions" must be a non-empty array`);
  }
  const keys = new Set();
  for (const [i, v] of pins.versions.entries()) {
    const where = `${file}: versions[${i}]`;
    if (typeof v.key !== "string" || !/^[a-z0-9.]+$/.test(v.key)) throw new ScriptError(`${where}: "key" must be a lowercase name like "2.11"`);
    if (keys.has(v.key)) throw new ScriptError(`${where}: duplicate key "${v.key}"`);
    keys.add(v.key);
    if (typeof v.dir !== "string" || !/^[0-9.]+$/.test(v.dir)) throw new ScriptError(`${where}: "dir" must be an upstream folder like "2.11" or "0"`);
    if (!SHA.test(v.commit ?? "")) throw new ScriptError(`${where}: "commit" must be a 40-hex commit`);
    if (!SHA256.test(v.sha256 ?? "")) throw new ScriptError(`${where}: "sha256" must be 64 hex digits`);
    for (const alias of v.aliases ?? []) {
      if (keys.has(alias)) throw new ScriptError(`${where}: alias "${alias}" clashes with another key`);
      keys.add(alias);
    }
  }
  return pins;
}

/** Picks the versions named by --only (comma-separated keys), or all of them. */
export function selectVersions(pins, only) {
  if (!only) return pins.versions;
  const wanted = only
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((k) => !pins.versions.some((v) => v.key === k));
  if (unknown.length) {
    throw new ScriptError(`unknown version ${unknown.join(", ")}; pinned: ${pins.versions.map((v) => v.key).join(", ")}`, 2);
  }
  return pins.versions.filter((v) => wanted.includes(v.key));
}

export const pulledFile = (key) => path.join(root, "openapi", `${key}.yaml`);
export const overlayFile = (key) => path.join(overlaysDir, `${key}.overlay.yaml`);
export const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/**
 * The mirror to read from: the one given, else INTERCOM_OPENAPI_MIRROR, else ../shared/intercom-openapi
 * beside the checkout when it exists, else none (GitHub).
 */
export function findMirror(given) {
  const candidate = given ?? process.env.INTERCOM_OPENAPI_MIRROR;
  if (candidate) {
    const dir = path.resolve(candidate);
    if (!existsSync(dir)) throw new ScriptError(`mirror folder ${dir} does not exist`, 2);
    return dir;
  }
  const beside = path.resolve(root, "..", "shared", "intercom-openapi");
  return existsSync(beside) ? beside : undefined;
}

/** Where a pinned file comes from: a path inside the mirror, or the raw GitHub URL. */
export function sourceOf(pins, version, mirror) {
  const rel = `${version.commit}/descriptions/${version.dir}/api.intercom.io.yaml`;
  if (mirror) return { kind: "mirror", location: path.join(mirror, rel) };
  const url = pins.upstream.rawUrlTemplate.replace("{commit}", version.commit).replace("{dir}", version.dir);
  return { kind: "github", location: url };
}

/** Reads one upstream file; a missing file is a ScriptError naming it. */
export async function readUpstream(source) {
  if (source.kind === "mirror") {
    if (!existsSync(source.location)) throw new ScriptError(`${source.location}: no such file in the mirror`);
    return readFile(source.location);
  }
  let response;
  try {
    response = await fetch(source.location, { signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new ScriptError(`${source.location}: download failed (${error.cause?.code ?? error.message})`);
  }
  if (!response.ok) throw new ScriptError(`${source.location}: download failed with HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/**
 * The pins as openapi/versions.json holds them: one line per version, so that moving a pin is a
 * one-line diff in review.
 */
export function formatPins(pins) {
  const line = (v) =>
    `    { ${Object.entries(v)
      .map(([k, value]) => `${JSON.stringify(k)}: ${JSON.stringify(value).replaceAll('","', '", "')}`)
      .join(", ")} }`;
  const upstream = JSON.stringify(pins.upstream, null, 2).replaceAll("\n", "\n  ");
  const rest = Object.entries(pins).filter(([k]) => k !== "upstream" && k !== "versions");
  return `{\n  "upstream": ${upstream},\n${rest.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join("")}  "versions": [\n${pins.versions.map(line).join(",\n")}\n  ]\n}\n`;
}

const githubApi = (pins, route) => `https://api.github.com/repos/${pins.upstream.repository}${route}`;

async function githubJson(url, accept = "application/vnd.github+json") {
  const headers = { accept, "user-agent": "intercom-fetch-specs-update" };
  // Optional: lifts GitHub's anonymous rate limit in CI. Never printed.
  if (process.env.GITHUB_TOKEN) headers.authorization = `Bearer ${process.env.GITHUB_TOKEN}`;
  let response;
  try {
    response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new ScriptError(`${url}: request failed (${error.cause?.code ?? error.message}); pass --mirror DIR to work offline`);
  }
  if (!response.ok) throw new ScriptError(`${url}: GitHub answered HTTP ${response.status}`);
  return accept === "application/vnd.github.sha" ? (await response.text()).trim() : response.json();
}

/**
 * The newest upstream commit: the mirror's `refs.json` `heads.<branch>`, else GitHub's API.
 * `pins.upstream.branch` names the branch (default main).
 */
export async function newestCommit(pins, mirror) {
  const branch = pins.upstream.branch ?? "main";
  let sha;
  if (mirror) {
    const refs = path.join(mirror, "refs.json");
    if (!existsSync(refs)) throw new ScriptError(`${refs}: missing; a mirror lists its branches there`);
    sha = JSON.parse(readFileSync(refs, "utf8")).heads?.[branch];
    if (!sha) throw new ScriptError(`${refs}: no heads.${branch}`);
  } else {
    sha = await githubJson(githubApi(pins, `/commits/${branch}`), "application/vnd.github.sha");
  }
  if (!SHA.test(sha)) throw new ScriptError(`upstream branch ${branch} points at ${JSON.stringify(sha)}, not a commit`);
  return sha;
}

/** The version folders upstream holds at a commit (`descriptions/<dir>`), sorted by version. */
export async function upstreamDirs(pins, commit, mirror) {
  let dirs;
  if (mirror) {
    const folder = path.join(mirror, commit, "descriptions");
    if (!existsSync(folder)) throw new ScriptError(`${folder}: the mirror does not hold commit ${commit}`);
    dirs = readdirSync(folder, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } else {
    const listing = await githubJson(githubApi(pins, `/contents/descriptions?ref=${commit}`));
    dirs = listing.filter((entry) => entry.type === "dir").map((entry) => entry.name);
  }
  return dirs.filter((d) => /^[0-9.]+$/.test(d)).sort(compareDirs);
}

/** Orders upstream folders as versions: 2.7 before 2.10, and `0` (Unstable/Preview) last. */
export function compareDirs(a, b) {
  const rank = (d) => (d === "0" ? [Infinity] : d.split(".").map(Number));
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0) ? -1 : 1;
  }
  return 0;
}

/**
 * A script's command line, by node:util's parseArgs with `-h`/`--help` added: bad usage is a
 * ScriptError carrying the help, exit code 2; undefined when the help was asked for (printed).
 * @template {NonNullable<import("node:util").ParseArgsConfig["options"]>} O
 * @template {boolean} [P=false]
 * @param {string[]} argv
 * @param {string} help
 * @param {O} options
 * @param {{ allowPositionals?: P }} [config]
 * @returns {ReturnType<typeof parseArgs<{ args: string[]; options: O & { help: { type: "boolean"; short: "h" } }; allowPositionals: P }>> | undefined}
 */
export function parseCommandLine(argv, help, options, config = {}) {
  /** @type {any} parseArgs' own result type, which the spread config would lose; the caller gets it from @returns */
  let parsed;
  try {
    parsed = parseArgs({ args: argv, ...config, options: { ...options, help: { type: "boolean", short: "h" } } });
  } catch (error) {
    throw new ScriptError(`${error.message}\n\n${help}`, 2);
  }
  if (!parsed.values.help) return parsed;
  console.log(help);
  return undefined;
}

/** Runs a script's main, turning ScriptErrors into one line on stderr and an exit code. */
export function run(main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code ?? 0),
    (error) => {
      if (error instanceof ScriptError) {
        console.error(`error: ${error.message}`);
        process.exit(error.exitCode);
      }
      console.error(error);
      process.exit(1);
    },
  );
}
