// One Prism mock per pinned version for the whole run, with --errors so that an invalid request
// is answered with an error and flagged in `sl-violations`, and --dynamic so that responses are
// generated from the schemas (several of upstream's response examples do not match their own
// schemas, which would make Prism reject its own answer).
import type { TestProject } from "vitest/node";
import { startPrism } from "../../scripts/lib/prism.mjs";
import { pins, specFile } from "../support/versions.js";

declare module "vitest" {
  export interface ProvidedContext {
    prism: Record<string, string>;
  }
}

// Two at a time: each start parses a large spec on the CPU, and a dozen at once on two cores only
// makes every one of them slower.
const STARTING_AT_ONCE = 2;

export default async function setup(project: TestProject) {
  const results: PromiseSettledResult<Awaited<ReturnType<typeof startPrism>>>[] = [];
  for (let i = 0; i < pins.length; i += STARTING_AT_ONCE) {
    const batch = pins.slice(i, i + STARTING_AT_ONCE);
    results.push(...(await Promise.allSettled(batch.map((pin) => startPrism(specFile(pin.key), { dynamic: true, startTimeoutMs: 120_000 })))));
  }
  const servers = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await Promise.all(servers.map((s) => s.stop()));
    throw failed.reason;
  }
  project.provide("prism", Object.fromEntries(pins.map((pin, i) => [pin.key, servers[i]!.url])));
  return async () => {
    await Promise.all(servers.map((s) => s.stop()));
  };
}
