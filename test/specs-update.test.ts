// scripts/specs-update.mjs end to end, in throwaway copies of the repository (scripts/, the
// overlays, package.json, README.md, the changeset config; never the real openapi/versions.json),
// reading the upstream mirror: from the April snapshot (40df073, "Unstable") to the newest commit
// (8889625, "Preview", adds 2.16).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { root } from "./support/versions.js";

const mirror = process.env.INTERCOM_OPENAPI_MIRROR ? path.resolve(process.env.INTERCOM_OPENAPI_MIRROR) : path.resolve(root, "..", "shared", "intercom-openapi");
const OLD = "40df073c795d1a956f27d10afea7623eb720f5ed";
const NEW = "8889625a7b931d8649e18726e7f872ff073520fc";
const PINNED = [
  { key: "2.10", dir: "2.10" },
  { key: "2.11", dir: "2.11" },
  { key: "unstable", dir: "0", aliases: ["preview"] },
];
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const upstreamFile = (commit: string, dir: string, base = mirror) => path.join(base, commit, "descriptions", dir, "api.intercom.io.yaml");
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const temps: string[] = [];

type Entry = { id: string; versions: string[] };

/** The real corpus narrowed to the given versions (an entry may only name pinned versions), edited by `edit`. */
function writeCorpus(repo: string, keys: string[], edit: (entries: Entry[]) => Entry[] = (e) => e): void {
  const corpus = YAML.parse(readFileSync(path.join(root, "openapi", "overlays", "inaccuracies.yaml"), "utf8"));
  const entries = (corpus.inaccuracies as Entry[]).map((e) => ({ ...e, versions: e.versions.filter((v) => keys.includes(v)) })).filter((e) => e.versions.length > 0);
  writeFileSync(path.join(repo, "openapi", "overlays", "inaccuracies.yaml"), YAML.stringify({ inaccuracies: edit(entries) }));
}

/** A copy of what the script needs, with the given pins (at OLD, checksums of the mirror's files unless overridden). */
function copyRepo(pins = PINNED.map((p) => ({ ...p, commit: OLD, sha256: sha(upstreamFile(OLD, p.dir)) }))): string {
  const dir = mkdtempSync(path.join(tmpdir(), "specs-update-"));
  temps.push(dir);
  cpSync(path.join(root, "scripts"), path.join(dir, "scripts"), { recursive: true });
  cpSync(path.join(root, "openapi", "overlays"), path.join(dir, "openapi", "overlays"), { recursive: true });
  for (const file of ["package.json", "README.md", ".changeset/config.json"]) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(dir, file));
  }
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  const real = JSON.parse(readFileSync(path.join(root, "openapi", "versions.json"), "utf8"));
  writeFileSync(path.join(dir, "openapi", "versions.json"), `${JSON.stringify({ upstream: real.upstream, versions: pins }, null, 2)}\n`);
  writeCorpus(
    dir,
    pins.map((p) => p.key),
  );
  return dir;
}

function update(repo: string, args: string[] = [], mirrorDir = mirror) {
  const env = { ...process.env, INTERCOM_OPENAPI_MIRROR: "" };
  const result = spawnSync(process.execPath, [path.join(repo, "scripts", "specs-update.mjs"), "--mirror", mirrorDir, ...args], { cwd: repo, encoding: "utf8", env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Every `METHOD path` of an upstream file, read directly (not through the script's code). */
function operationsOf(file: string): Set<string> {
  const spec = YAML.parse(readFileSync(file, "utf8"), { maxAliasCount: -1 });
  const ops = new Set<string>();
  for (const [p, item] of Object.entries<Record<string, unknown>>(spec.paths)) {
    for (const m of METHODS) if (item[m]) ops.add(`${m.toUpperCase()} ${p}`);
  }
  return ops;
}

const snapshot = (repo: string) => ({
  pins: readFileSync(path.join(repo, "openapi", "versions.json"), "utf8"),
  changesets: readdirSync(path.join(repo, ".changeset")).sort(),
  pulled: readdirSync(path.join(repo, "openapi"))
    .filter((f) => f.endsWith(".yaml"))
    .sort(),
  packageJson: readFileSync(path.join(repo, "package.json"), "utf8"),
});

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("from 40df073 to the newest commit", () => {
  let repo: string;
  let first: ReturnType<typeof update>;
  let data: { bump: string; offered: string[]; versions: { key: string; status: string; changes: { kind: string; operation?: string; before?: unknown; after?: unknown; effect: string }[] }[] };

  beforeAll(() => {
    repo = copyRepo();
  });

  test("--check exits 3 and writes nothing", () => {
    const before = snapshot(repo);
    const check = update(repo, ["--check"]);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(3);
    expect(check.stdout).toContain("upstream has moved");
    expect(snapshot(repo)).toEqual(before);
  }, 90_000);

  test("moves every pin to the newest commit, regenerates, and writes the report and a changeset", () => {
    first = update(repo);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const pins = JSON.parse(readFileSync(path.join(repo, "openapi", "versions.json"), "utf8")).versions;
    expect(pins).toEqual(PINNED.map((p) => ({ ...p, commit: NEW, sha256: sha(upstreamFile(NEW, p.dir)) })));
    for (const pin of PINNED) {
      expect(JSON.parse(readFileSync(path.join(repo, "generated", pin.key, "openapi.json"), "utf8")).info.version).toBe(pin.key === "unstable" ? "Preview" : pin.key);
    }
    data = JSON.parse(readFileSync(path.join(repo, "reports", "specs-update.json"), "utf8"));
    expect(data.versions.map((v) => [v.key, v.status])).toEqual([
      ["2.10", "changed"],
      ["2.11", "changed"],
      ["unstable", "changed"],
    ]);
  }, 180_000);

  test("the report shows the Unstable header change", () => {
    const unstable = data.versions.find((v) => v.key === "unstable")!;
    expect(unstable.changes.filter((c) => c.kind === "header")).toEqual([{ kind: "header", before: "Unstable", after: "Preview", effect: "breaking" }]);
    expect(first.stdout).toContain("the `Intercom-Version` header (and `apiVersion`) changes from `Unstable` to `Preview`");
    const report = readFileSync(path.join(repo, "reports", "specs-update.md"), "utf8");
    expect(report).toContain("changes from `Unstable` to `Preview`");
  });

  test("operations added and removed are exactly those of a direct comparison of the two files", () => {
    for (const pin of PINNED) {
      const before = operationsOf(upstreamFile(OLD, pin.dir));
      const after = operationsOf(upstreamFile(NEW, pin.dir));
      const changes = data.versions.find((v) => v.key === pin.key)!.changes;
      const reported = (kind: string) =>
        changes
          .filter((c) => c.kind === kind)
          .map((c) => c.operation)
          .sort();
      expect(reported("operation-added"), pin.key).toEqual([...after].filter((op) => !before.has(op)).sort());
      expect(reported("operation-removed"), pin.key).toEqual([...before].filter((op) => !after.has(op)).sort());
    }
    // The pair is not trivial: Unstable both gained and lost operations between the two commits.
    const unstable = data.versions.find((v) => v.key === "unstable")!.changes;
    expect(unstable.some((c) => c.kind === "operation-added")).toBe(true);
    expect(unstable.some((c) => c.kind === "operation-removed")).toBe(true);
  }, 60_000);

  test("the report lists the search operators upstream narrowed, per version, and classes them breaking", () => {
    // Upstream's 528b0f2 corrected the contact-search tables: dates lost !=, IN and NIN (2.10,
    // 2.11) and tag_id kept = and != only. A query that compiled before no longer does.
    type Change = { kind: string; resource?: string; name?: string; operators?: string[]; effect: string };
    const narrowed = (key: string) => (data.versions.find((v) => v.key === key)!.changes as Change[]).filter((c) => c.kind === "search-operators-removed" && c.resource === "contacts");
    for (const key of ["2.10", "2.11"]) {
      const changes = narrowed(key);
      expect(
        changes.find((c) => c.name === "created_at"),
        key,
      ).toEqual({ kind: "search-operators-removed", resource: "contacts", name: "created_at", operators: ["!=", "IN", "NIN"], effect: "breaking" });
      expect(changes.find((c) => c.name === "tag_id")?.operators, key).toEqual(["IN", "NIN", "~", "!~", "^", "$"]);
      expect(changes.every((c) => c.effect === "breaking")).toBe(true);
    }
    expect(narrowed("unstable").find((c) => c.name === "created_at")?.operators).toEqual(["IN", "NIN"]);
    // Preview gained companies search: an addition.
    const unstable = data.versions.find((v) => v.key === "unstable")!.changes as Change[];
    expect(unstable.filter((c) => c.kind === "search-added")).toEqual([{ kind: "search-added", resource: "companies", path: "/companies/search", effect: "addition" }]);
    const report = readFileSync(path.join(repo, "reports", "specs-update.md"), "utf8");
    const section = (key: string) => report.slice(report.indexOf(`**${key}**`)).split("\n\n**")[0]!;
    for (const key of ["2.10", "2.11"]) {
      expect(section(key)).toContain("**breaking**: `search.contacts` field `created_at` no longer takes `!=` `IN` `NIN`");
      expect(section(key)).toContain("**breaking**: `search.contacts` field `tag_id` no longer takes `IN` `NIN` `~` `!~` `^` `$`");
      // Counted in the version's headline, not "0 breaking".
      expect(section(key)).not.toMatch(/: 0 breaking/);
    }
    expect(section("unstable")).toContain("`intercom.search.companies` added (`POST /companies/search`)");
  });

  test("2.16 is offered, not pinned", () => {
    expect(data.offered).toContain("2.16");
    expect(first.stdout).toContain("`npm run specs:update -- --add 2.16`");
    expect(readFileSync(path.join(repo, "openapi", "versions.json"), "utf8")).not.toContain('"2.16"');
    expect(Object.keys(JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")).exports)).not.toContain("./2.16");
  });

  test("the changeset is a major release (Unstable lost operations) whose text is the report", () => {
    const changesets = readdirSync(path.join(repo, ".changeset")).filter((f) => f.endsWith(".md"));
    expect(changesets).toEqual([`intercom-openapi-${NEW.slice(0, 7)}.md`]);
    const text = readFileSync(path.join(repo, ".changeset", changesets[0]!), "utf8");
    expect(text.startsWith('---\n"intercom-fetch": major\n---\n\n')).toBe(true);
    expect(data.bump).toBe("major");
    const report = readFileSync(path.join(repo, "reports", "specs-update.md"), "utf8");
    expect(report.startsWith(text.split("---\n\n")[1]!.trimEnd())).toBe(true);
  });

  test("the exports map and the README table follow the pins", () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8"));
    expect(Object.keys(pkg.exports)).toEqual([
      ".",
      "./2.10",
      "./2.10/core",
      "./2.10/testing",
      "./2.11",
      "./2.11/core",
      "./2.11/testing",
      "./unstable",
      "./unstable/core",
      "./unstable/testing",
      "./preview",
      "./preview/core",
      "./preview/testing",
      "./webhooks",
      "./redis",
      "./otel",
      "./testing",
      "./package.json",
    ]);
    expect(pkg.exports["./preview"]).toEqual(pkg.exports["./unstable"]);
    const readme = readFileSync(path.join(repo, "README.md"), "utf8");
    expect(readme).toContain("| `intercom-fetch/unstable`, `intercom-fetch/preview` | `Preview` | 256 |");
  });

  test("running it again is a no-op", () => {
    const before = snapshot(repo);
    const again = update(repo);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`every pinned version is up to date at ${NEW.slice(0, 7)}`);
    expect(snapshot(repo)).toEqual(before);
  });

  test("changeset version turns the changeset into the CHANGELOG entry", () => {
    const bin = path.join(root, "node_modules", ".bin", "changeset");
    execFileSync(bin, ["version"], { cwd: repo, stdio: "pipe" });
    const changelog = readFileSync(path.join(repo, "CHANGELOG.md"), "utf8");
    expect(JSON.parse(readFileSync(path.join(repo, "package.json"), "utf8")).version).toBe("1.0.0");
    expect(changelog).toContain("## 1.0.0\n\n### Major Changes\n\n- Intercom's OpenAPI descriptions updated to intercom/Intercom-OpenAPI@8889625 (from 40df073)");
    expect(changelog).toContain("  **unstable** (`intercom-fetch/unstable`, `intercom-fetch/preview`)");
  }, 60_000);
});

describe("the corpus of inaccuracies", () => {
  test("names an entry upstream has fixed in a version since the old pin", () => {
    // Upstream's be47f01 (after 40df073) let Preview's event metadata hold any value: the entry
    // repairing that in 2.7-2.16, if it also listed Preview, would no longer be needed there.
    const repo = copyRepo();
    writeCorpus(repo, ["2.10", "2.11", "unstable"], (entries) => entries.map((e) => (e.id === "data-event-metadata-string-values" ? { ...e, versions: [...e.versions, "unstable"] } : e)));
    const result = update(repo, ["--check"]);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('openapi/overlays/inaccuracies.yaml: inaccuracy "data-event-metadata-string-values" looks fixed upstream in unstable');
    // Still needed in 2.10 and 2.11, so not named for them.
    expect(result.stdout).not.toMatch(/"data-event-metadata-string-values" looks fixed upstream in 2\.1[01]/);
    expect(result.stdout).not.toContain("The update would fail");
  }, 90_000);

  test("an entry action whose target upstream removed stops the update, naming the entry", () => {
    const repo = copyRepo();
    writeCorpus(repo, ["2.10", "2.11", "unstable"], (entries) => [
      ...entries,
      {
        id: "gone-upstream",
        title: "t",
        versions: ["2.11"],
        sources: ["s"],
        says: "s",
        does: "d",
        evidence: "e",
        change: "c",
        actions: [{ target: "$.components.schemas.no_such_schema.format", remove: true }],
      } as Entry,
    ]);
    const result = update(repo, ["--check"]);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('openapi/overlays/inaccuracies.yaml: inaccuracy "gone-upstream", version 2.11: the action on $.components.schemas.no_such_schema.format no longer applies');
  }, 90_000);
});

describe("aborts with the pins unchanged", () => {
  test("when a pinned file does not match its checksum", () => {
    const pins = PINNED.map((p) => ({ ...p, commit: OLD, sha256: sha(upstreamFile(OLD, p.dir)) }));
    pins[1]!.sha256 = sha(upstreamFile(OLD, "2.12"));
    const repo = copyRepo(pins);
    const before = snapshot(repo);
    const result = update(repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`version "2.11": ${upstreamFile(OLD, "2.11")} has sha256 ${sha(upstreamFile(OLD, "2.11"))}, not the pinned`);
    expect(result.stderr).toContain("Nothing was written");
    expect(snapshot(repo)).toEqual(before);
    expect(existsSync(path.join(repo, "generated"))).toBe(false);
  });

  test("when upstream no longer has a pinned version's file", () => {
    // A mirror whose newest commit lacks descriptions/2.11, made of links to the real one.
    const fake = mkdtempSync(path.join(tmpdir(), "specs-update-mirror-"));
    temps.push(fake);
    const head = "1".repeat(40);
    writeFileSync(path.join(fake, "refs.json"), JSON.stringify({ heads: { main: head } }));
    symlinkSync(path.join(mirror, OLD), path.join(fake, OLD), "dir");
    mkdirSync(path.join(fake, head, "descriptions"), { recursive: true });
    for (const dir of ["2.10", "0"]) symlinkSync(path.join(mirror, NEW, "descriptions", dir), path.join(fake, head, "descriptions", dir), "dir");
    const repo = copyRepo();
    const before = snapshot(repo);
    const result = update(repo, [], fake);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`version "2.11" (descriptions/2.11) at ${head}`);
    expect(result.stderr).toContain("no such file in the mirror");
    expect(snapshot(repo)).toEqual(before);
  });

  test("when an overlay action no longer applies to the new file", () => {
    const repo = copyRepo();
    const overlay = path.join(repo, "openapi", "overlays", "2.10.overlay.yaml");
    writeFileSync(overlay, `${readFileSync(overlay, "utf8")}  - target: $.components.schemas.no_such_schema.format\n    remove: true\n`);
    const before = snapshot(repo);
    const result = update(repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("openapi/overlays/2.10.overlay.yaml: the action on $.components.schemas.no_such_schema.format no longer applies");
    expect(snapshot(repo)).toEqual(before);
  }, 90_000);
});

test("--help and bad usage", () => {
  const script = path.join(root, "scripts", "specs-update.mjs");
  const help = spawnSync(process.execPath, [script, "--help"], { encoding: "utf8" });
  expect(help.status).toBe(0);
  expect(help.stdout).toContain("Usage: node scripts/specs-update.mjs");
  const bad = spawnSync(process.execPath, [script, "--commit", "main"], { encoding: "utf8" });
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain("--commit must be a 40-hex commit");
});
