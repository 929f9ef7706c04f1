// Headless Chromium for the suites that run code in a real browser page (the runtime matrix's
// page and Web Worker columns, examples/vip-sync under MSW): one throwaway profile per run, and
// the browser's whole process group killed afterwards, whatever ended the run.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/**
 * Opens `url` in headless Chromium (`bin`) and resolves with what `reported` resolves to (the page
 * posts its report to the test's server), or with `{ fatal }` when the browser exits first or
 * nothing is reported within `timeoutMs`; the fatal message ends with the browser's last output.
 */
export async function runHeadlessChromium<T>(bin: string, url: string, reported: Promise<T>, timeoutMs: number): Promise<T | { fatal: string }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "intercom-fetch-chromium-"));
  // detached: its own process group, so the renderer and GPU processes are killed with it.
  const child = spawn(bin, [...FLAGS, `--user-data-dir=${profile}`, url], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      reported,
      new Promise<{ fatal: string }>((resolve) => {
        timer = setTimeout(() => resolve({ fatal: `no report within ${timeoutMs} ms: ${output.slice(-1500)}` }), timeoutMs);
        // The report may still be on its way when the browser exits: give it a second.
        child.on("exit", (code) => setTimeout(() => resolve({ fatal: `chromium exited with ${code}: ${output.slice(-1500)}` }), 1000));
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
      await exited;
    }
    rmSync(profile, { recursive: true, force: true });
  }
}
