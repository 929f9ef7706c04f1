// The built package as a user gets it: both module systems, every subpath, one copy of the core.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { packTarball } from "./support/tarball.js";
import { pins, root } from "./support/versions.js";

const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" }).trim();

describe("exports map", () => {
  test("has one subpath per pinned version (and its aliases), each with its core entry, the webhooks, the Redis limiter, tracing, the fake and its MSW handlers, and nothing else", () => {
    const expected = [
      ".",
      ...pins.flatMap((p) => [p.key, ...(p.aliases ?? [])].flatMap((s) => [`./${s}`, `./${s}/core`, `./${s}/testing`])),
      "./webhooks",
      "./redis",
      "./otel",
      "./testing",
      "./testing/msw",
      "./package.json",
    ];
    expect(Object.keys(pkg.exports).sort()).toEqual(expected.sort());
  });
});

describe.each(["import", "require"] as const)("%s", (kind) => {
  const load = (specifier: string) => (kind === "import" ? `const m = await import(${JSON.stringify(specifier)});` : `const m = require(${JSON.stringify(specifier)});`);
  const run = (body: string) => node(kind === "import" ? ["--input-type=module", "-e", body] : ["--input-type=commonjs", "-e", `(async () => { ${body} })()`]);

  test("intercom-fetch/otel exports withTracing", () => {
    expect(run(`${load("intercom-fetch/otel")} console.log(typeof m.withTracing);`)).toBe("function");
  });

  test("intercom-fetch/redis exports redisLimiter", () => {
    expect(run(`${load("intercom-fetch/redis")} console.log(typeof m.redisLimiter);`)).toBe("function");
  });

  const subpaths = pins.flatMap((p) => [p.key, ...(p.aliases ?? [])].map((subpath) => [subpath, p.key] as const));
  test.each(subpaths)("intercom-fetch/%s exports createIntercom and its apiVersion", (subpath, key) => {
    const out = run(`${load(`intercom-fetch/${subpath}`)} console.log(JSON.stringify([typeof m.createIntercom, m.apiVersion]));`);
    const expected = JSON.parse(readFileSync(path.join(root, "generated", key, "openapi.json"), "utf8")).info.version;
    expect(JSON.parse(out)).toEqual(["function", expected]);
  });

  test.each(pins.filter((p) => p.aliases?.length).flatMap((p) => p.aliases!.map((alias) => [alias, p.key] as const)))("intercom-fetch/%s is the same module as intercom-fetch/%s", (alias, key) => {
    const out = run(`${load(`intercom-fetch/${alias}`).replace("const m", "const a")} ${load(`intercom-fetch/${key}`)} console.log(a.createIntercom === m.createIntercom);`);
    expect(out).toBe("true");
  });

  test.each(subpaths)("intercom-fetch/%s/core returns the core alone; withHelpers adds what it is given", (subpath, key) => {
    const out = run(`${load(`intercom-fetch/${subpath}/core`)} const core = m.createIntercom({ token: "t" });
      ${load("intercom-fetch").replace("const m", "const root")}
      const before = ["search", "exports", "tickets", "paginate"].filter((k) => k in core);
      root.withHelpers(core, root.search, root.paginate);
      console.log(JSON.stringify([m.apiVersion, core.manifest.apiVersion, before, ["search", "exports", "tickets", "paginate"].filter((k) => k in core)]));`);
    const expected = JSON.parse(readFileSync(path.join(root, "generated", key, "openapi.json"), "utf8")).info.version;
    expect(JSON.parse(out)).toEqual([expected, expected, [], ["search", "paginate"]]);
  });

  test("intercom-fetch/webhooks verifies a signature node:crypto made, and exports none of the client", () => {
    const out = run(`
      ${load("intercom-fetch/webhooks")}
      const { createHmac } = ${kind === "import" ? 'await import("node:crypto")' : 'require("node:crypto")'};
      const body = '{"type":"notification_event","id":"n1","topic":"ping","data":{"item":{"type":"ping"}}}';
      const signature = "sha1=" + createHmac("sha1", "s3cret").update(body).digest("hex");
      const good = await m.verifyWebhook({ body, signature, secret: "s3cret" });
      const bad = await m.verifyWebhook({ body: body + " ", signature, secret: "s3cret" });
      console.log(JSON.stringify([good, bad, typeof m.parseWebhook, typeof m.createWebhooks, typeof m.WebhookError, typeof m.createIntercom]));`);
    expect(JSON.parse(out)).toEqual([true, false, "function", "function", "function", "undefined"]);
  });

  test("intercom-fetch/testing answers a version entry's client in-process and on a port, and exports none of the client", () => {
    const out = run(`
      ${load("intercom-fetch/testing")}
      ${load("intercom-fetch/2.11/core").replace("const m", "const v")}
      const fake = m.createFakeIntercom({ manifest: v.manifest });
      const client = v.createIntercom({ token: fake.token, baseUrl: fake.baseUrl, fetch: fake.fetch });
      const created = await client.POST("/contacts", { body: { email: "a@x.io" } });
      const server = await fake.listen();
      const viaPort = await fetch(server.url + "/contacts/" + created.data.id, { headers: { authorization: "Bearer " + fake.token } }).then((r) => r.json());
      await server.close();
      console.log(JSON.stringify([fake.version, viaPort.email, typeof m.createIntercom]));`);
    expect(JSON.parse(out)).toEqual(["2.11", "a@x.io", "undefined"]);
  });

  test("intercom-fetch/testing/msw: the fake answers Intercom's own host under msw's setupServer", () => {
    const out = run(`
      ${load("intercom-fetch/testing/msw")}
      ${load("intercom-fetch/testing").replace("const m", "const t")}
      ${load("intercom-fetch/2.11/core").replace("const m", "const v")}
      ${load("msw/node").replace("const m", "const n")}
      const fake = t.createFakeIntercom({ manifest: v.manifest });
      const server = n.setupServer(...m.handlersFor(fake));
      server.listen({ onUnhandledRequest: "error" });
      const me = await v.createIntercom({ token: fake.token }).GET("/me");
      server.close();
      console.log(JSON.stringify([me.response.status, me.data.type, typeof m.createFakeIntercom]));`);
    expect(JSON.parse(out)).toEqual([200, "admin", "undefined"]);
  });

  test("an error thrown through a version entry is an instance of the root's IntercomError", () => {
    const out = run(`
      ${load("intercom-fetch")} const root = m;
      ${load("intercom-fetch/2.11").replace("const m", "const v")}
      const client = v.createIntercom({ token: "t", baseUrl: "http://127.0.0.1:9", retry: false, fetch: () => Promise.reject(new TypeError("fetch failed")) });
      const error = await client.GET("/me").catch((e) => e);
      console.log(error instanceof root.IntercomError, error.code);`);
    expect(out).toBe("true network_error");
  });
});

describe("types", () => {
  test("one version's declarations do not pull in another's", () => {
    for (const pin of pins) {
      const dts = readFileSync(path.join(root, "dist", pin.key, "index.d.ts"), "utf8");
      const imports = [...dts.matchAll(/^(?:import|export)\b[^;]*?\bfrom ["']([^"']+)["']/gm)].map((m) => m[1]!);
      const others = pins.filter((p) => p.key !== pin.key).map((p) => `/${p.key}/`);
      expect(imports.filter((i) => others.some((o) => i.includes(o)))).toEqual([]);
      expect(imports.filter((i) => !(i.startsWith("../") || i === "openapi-fetch" || i === "ky"))).toEqual([]);
    }
  });
});

describe("the packed tarball", () => {
  // Linted as `npm pack` made it, rather than letting each tool pack (and so build) again.
  let tarball: string;
  beforeAll(() => {
    tarball = packTarball();
  }, 120_000);
  const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
  const tool = (name: string, args: string[]) => {
    try {
      return { code: 0, out: execFileSync(bin(name), args, { cwd: root, encoding: "utf8", stdio: "pipe" }) };
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      return { code: e.status, out: `${e.stdout}\n${e.stderr}` };
    }
  };

  test("passes publint --strict", () => {
    const { code, out } = tool("publint", ["run", tarball, "--strict"]);
    expect(out).toContain("All good!");
    expect(code).toBe(0);
  }, 60_000);

  test("passes @arethetypeswrong/cli for node16 (CJS and ESM) and bundlers", () => {
    const { code, out } = tool("attw", [tarball, "--profile", "node16", "--format", "table-flipped"]);
    expect(code, out).toBe(0);
  }, 60_000);
});
