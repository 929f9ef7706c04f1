// The bundle budget: package.json's "size-limit" entries, measured by size-limit itself (esbuild,
// minified, gzip -9) on the benchmarks' small programs built against dist/, as a user's bundler
// sees the package. The limit was set from `npm run bench`'s measurement (README, Performance).
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const sizeLimitBin = path.join(root, "node_modules/size-limit/bin.js");

interface Budget {
  name: string;
  path: string;
  gzip?: boolean;
  limit: string;
}
interface Measured {
  name: string;
  passed: boolean;
  size: number;
  sizeLimit: number;
}

const budgets = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"))["size-limit"] ?? []) as Budget[];

describe("bundle budget (package.json size-limit)", () => {
  it("has a gzip budget for the small program", () => {
    expect(budgets.map((b) => b.path)).toEqual(
      expect.arrayContaining(["bench/programs/intercom-fetch.2.11.ts", "bench/programs/intercom-fetch.2.11-core.ts", "bench/programs/intercom-fetch.2.11-helpers.ts"]),
    );
    for (const budget of budgets) {
      expect(budget.gzip, budget.name).toBe(true);
      expect(budget.limit, budget.name).toMatch(/^\d+(\.\d+)? kB$/);
    }
  });

  it("has a webhooks budget (verify + parse) under the issue's 3 kB, and that bundle holds no core", async () => {
    const webhooks = budgets.find((b) => b.path === "bench/programs/webhooks.ts");
    expect(webhooks, "no size-limit entry for bench/programs/webhooks.ts").toBeDefined();
    expect(Number.parseFloat(webhooks!.limit)).toBeLessThan(3);
    const result = await build({ absWorkingDir: root, entryPoints: [webhooks!.path], bundle: true, write: false, metafile: true, outdir: "out", logLevel: "error" });
    const fromPackage = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith("bench/"));
    expect(fromPackage.length).toBeGreaterThan(0);
    // Nothing of the client (core, helpers, openapi-fetch, ky): so its whole size is what it adds to an app.
    expect(fromPackage.filter((input) => !input.startsWith("dist/webhooks/"))).toEqual([]);
  });

  it("bundles the core program (intercom-fetch/2.11/core + GET /me) without any helper, tracing or the CSV parser", async () => {
    const core = budgets.find((b) => b.path === "bench/programs/intercom-fetch.2.11-core.ts");
    expect(core, "no size-limit entry for bench/programs/intercom-fetch.2.11-core.ts").toBeDefined();
    const result = await build({ absWorkingDir: root, entryPoints: [core!.path], bundle: true, write: false, metafile: true, outdir: "out", logLevel: "error" });
    const inputs = Object.keys(result.metafile.inputs);
    const fromDist = inputs.filter((input) => input.startsWith("dist/"));
    expect(fromDist).toContain("dist/2.11/core.js");
    expect(inputs.filter((input) => input.includes("node_modules/udsv/"))).toEqual([]);
    // tsup marks each source module in a chunk with a `// src/...` line: none of the helpers' may be in this bundle.
    const withHelpers = fromDist.filter((input) => readFileSync(path.join(root, input), "utf8").includes("// src/helpers/"));
    expect(withHelpers).toEqual([]);
    // Nor tracing: withTracing and its OpenTelemetry API come only with `intercom-fetch/otel`.
    const withTracing = fromDist.filter((input) => /\/\/ src\/otel\/|@opentelemetry/.test(readFileSync(path.join(root, input), "utf8")));
    expect(withTracing).toEqual([]);
    expect(inputs.filter((input) => input.includes("node_modules/@opentelemetry/"))).toEqual([]);
  });

  it("bundles the programs from dist/, not from the sources", async () => {
    expect(existsSync(path.join(root, "dist/2.11/index.js")), "dist/ is missing: run `npm run build` (npm test builds first)").toBe(true);
    for (const budget of budgets) {
      const result = await build({ absWorkingDir: root, entryPoints: [budget.path], bundle: true, write: false, metafile: true, outdir: "out", logLevel: "error" });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((input) => input.startsWith("dist/")).length, budget.name).toBeGreaterThan(0);
      expect(
        inputs.filter((input) => /^(src|generated)\//.test(input)),
        budget.name,
      ).toEqual([]);
    }
  });

  it("stays within each budget", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [sizeLimitBin, "--json"], { cwd: root }).catch((error: { stdout?: string }) => {
      // size-limit exits 1 when a check is over its limit, and still prints the JSON.
      if (error.stdout) return { stdout: error.stdout };
      throw error;
    });
    const measured = JSON.parse(stdout) as Measured[];
    expect(measured.map((m) => m.name)).toEqual(budgets.map((b) => b.name));
    for (const m of measured) {
      expect(m.size, `${m.name}: nothing was bundled`).toBeGreaterThan(0);
      expect(m.size, `${m.name}: ${m.size} bytes gzipped, over its budget of ${m.sizeLimit} (raise "limit" only with a reason)`).toBeLessThanOrEqual(m.sizeLimit);
      expect(m.passed, m.name).toBe(true);
    }
  });
});
