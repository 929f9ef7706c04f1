// The package as `npm pack` makes it, from the build `npm test` made first. Packed with
// --ignore-scripts: prepack would build again, and the tests run after the build already.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { root } from "./versions.js";

export function packTarball(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "intercom-fetch-pack-"));
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [packed] = JSON.parse(out) as [{ filename: string }];
  return path.join(dir, packed.filename);
}
