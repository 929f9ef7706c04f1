// Export figures: runs bench/exports-rows.bench.mjs (issue 5's benchmark: download and parse a
// gzipped export from loopback, beside plain gunzip of the same bytes) at issue 13's size, and reads
// its table: rows() as a ratio of download() is issue 13's figure. The hook stays when that
// benchmark is missing or prints something else: the figures are then `null`, with the reason.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./lib/processes.mjs";
import { ratio } from "./lib/stats.mjs";

const SCRIPT = "bench/exports-rows.bench.mjs";
const LINE = /^(\d+)\s+MB\s+(\d+)\s+MB\s+(\w+)\s+([\d.]+) \(([\d.]+)-([\d.]+)\)\s+([\d.]+) \(([\d.]+)-([\d.]+)\)\s*(\d*)\s*$/;

export async function measure({ sizeMb = 48, rounds = 3, log = console.log } = {}) {
  const args = ["--sizes", String(sizeMb), "--runs", String(rounds)];
  const base = { script: SCRIPT, command: `node ${SCRIPT} ${args.join(" ")}` };
  if (!existsSync(path.join(ROOT, SCRIPT))) return { ...base, figures: null, reason: `${SCRIPT} does not exist yet` };
  let stdout;
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, [SCRIPT, ...args], { cwd: ROOT, timeout: 300_000, maxBuffer: 8 << 20 }));
  } catch (error) {
    return { ...base, figures: null, reason: `${SCRIPT} failed: ${String(error.stderr || error.message).slice(0, 2000)}` };
  }
  const modes = {};
  for (const line of stdout.split("\n")) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    modes[m[3]] = {
      csvMb: Number(m[1]),
      gzipMb: Number(m[2]),
      mbPerSecond: { median: Number(m[4]), min: Number(m[5]), max: Number(m[6]) },
      maxRssMb: { median: Number(m[7]), min: Number(m[8]), max: Number(m[9]) },
      rows: m[10] ? Number(m[10]) : undefined,
    };
  }
  if (Object.keys(modes).length === 0) return { ...base, figures: null, reason: `no result line recognised in ${SCRIPT}'s output`, output: stdout };
  for (const figure of Object.values(modes)) {
    figure.vsGunzip = modes.gunzip ? ratio(figure.mbPerSecond.median, modes.gunzip.mbPerSecond.median) : null;
    figure.vsDownload = modes.download ? ratio(figure.mbPerSecond.median, modes.download.mbPerSecond.median) : null;
  }
  for (const [mode, f] of Object.entries(modes)) {
    log(
      `  ${mode.padEnd(9)} ${f.mbPerSecond.median.toFixed(1).padStart(6)} MB/s (${f.vsGunzip?.toFixed(2)}x gunzip, ${f.vsDownload?.toFixed(2)}x download)  peak RSS ${f.maxRssMb.median.toFixed(0)} MB`,
    );
  }
  return { ...base, method: `${sizeMb} MB of CSV, gzipped, from loopback; medians of ${rounds} runs, a fresh process each (see ${SCRIPT})`, figures: modes };
}
