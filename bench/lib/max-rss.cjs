// Preloaded into a tool's process (node -r): reports its peak resident memory when it exits.
process.on("exit", () => {
  require("node:fs").writeSync(2, `\nbench:maxRssKb ${process.resourceUsage().maxRSS}\n`);
});
