// The support table: runtimes down, check columns across. The README's copy is the expected one
// (what each runtime should do, from scripts/lib/runtimes.mjs and the checks' `only`/`label`);
// test/runtimes.test.ts prints the same table from the results it saw, and fails on any difference.

export const TABLE_START = "<!-- runtimes:start (checked by test/runtimes.test.ts) -->";
export const TABLE_END = "<!-- runtimes:end -->";

const source = (runtime) => (runtime.package ? `npm \`${runtime.package}@${runtime.version}\`` : "Debian `chromium`");

/** Column names, in the order the checks declare them (a column may come from several checks). */
export const columnsOf = (checks) => [...new Set(checks.map((c) => c.column))];

/** The cell a runtime should show for a column: the check's label where it applies, else "n/a". */
export function expectedCell(runtime, checks, column) {
  const cells = checks.filter((c) => c.column === column).map((c) => (c.only && !c.only(runtime) ? "n/a" : c.label ? c.label(runtime) : "✓"));
  return [...new Set(cells)].join(", ");
}

/** `cell(runtime, column)` gives each cell's text. */
export function supportTable(runtimes, columns, cell) {
  const lines = [
    `| runtime | from | ${columns.join(" | ")} |`,
    `| --- | --- |${columns.map(() => " :---: |").join("")}`,
    ...runtimes.map((r) => `| ${r.name} | ${source(r)} | ${columns.map((c) => cell(r, c)).join(" | ")} |`),
  ];
  return lines.join("\n");
}
