// The pinned versions and their generated specs, as the tests see them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Pin {
  key: string;
  dir: string;
  commit: string;
  sha256: string;
  aliases?: string[];
}

export const pins: Pin[] = JSON.parse(readFileSync(path.join(root, "openapi/versions.json"), "utf8")).versions;
export const specFile = (key: string) => path.join(root, "generated", key, "openapi.json");
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const loadSpec = (key: string): any => JSON.parse(readFileSync(specFile(key), "utf8"));
