#!/usr/bin/env node
// Measures how many of the official Node SDK's wire-test fixtures (intercom-node, tests/wire: the
// request and response bodies of each mocked call) our generated types accept. Reads the fixture
// files from a directory given on the command line; none of them is copied into this repository.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { generatedDir, parseCommandLine, root, run, ScriptError } from "./lib/versions.mjs";

const HELP = `Usage: node scripts/replay-wire-fixtures.mjs [options] <wire-dir>

Reads every *.test.ts under <wire-dir> (intercom-node's tests/wire, files under unstable/ for
Preview, the others for 2.14), takes from each test the mocked call's method, path, status and
JSON bodies, and compiles each body against the generated types of that version
(generated/<key>/schema.ts; run scripts/generate.mjs first): the request body against the
operation's JSON request body (no field it lacks), the response body against the response of that
status (fields it does not describe are allowed: a reader does not see them). Prints how many
calls compile, and the failures with --list.

  --stable KEY     version the files outside unstable/ target (default 2.14)
  --unstable KEY   version the files under unstable/ target (default unstable)
  --generated DIR  generated tree to check (default generated/)
  --list           print each failing call and its first error
  -h, --help       show this help

Exit codes: 0 measured, 1 a file or version is missing, 2 bad usage.`;

run(async (argv) => {
  const parsed = parseCommandLine(
    argv,
    HELP,
    {
      stable: { type: "string", default: "2.14" },
      unstable: { type: "string", default: "unstable" },
      generated: { type: "string" },
      list: { type: "boolean" },
    },
    { allowPositionals: true },
  );
  if (!parsed) return;
  const { values: args, positionals } = parsed;
  if (positionals.length !== 1) throw new ScriptError(`expected one <wire-dir>\n\n${HELP}`, 2);
  const wireDir = path.resolve(positionals[0]);
  const generated = path.resolve(args.generated ?? generatedDir);
  if (!existsDir(wireDir)) throw new ScriptError(`${wireDir} is not a directory`);

  const cases = listFiles(wireDir)
    .filter((f) => f.endsWith(".test.ts"))
    .flatMap((file) => {
      const rel = path.relative(wireDir, file);
      const key = rel.split(path.sep)[0] === "unstable" ? args.unstable : args.stable;
      return extractCases(file).map((c) => ({ ...c, key, file: rel }));
    });
  if (!cases.length) throw new ScriptError(`no mocked calls found under ${wireDir}`);

  const work = mkdtempSync(path.join(tmpdir(), "wire-replay-"));
  try {
    const unmatched = [];
    const probes = new Map();
    for (const key of new Set(cases.map((c) => c.key))) {
      const specFile = path.join(generated, key, "openapi.json");
      const schemaFile = path.join(generated, key, "schema.ts");
      if (!existsFile(specFile) || !existsFile(schemaFile)) throw new ScriptError(`${path.relative(root, specFile)} or schema.ts is missing: run "node scripts/generate.mjs" first`);
      const templates = Object.keys(JSON.parse(readFileSync(specFile, "utf8")).paths ?? {});
      const lines = [
        `import type { paths } from ${JSON.stringify(schemaFile.replace(/\.ts$/, ".js"))};`,
        `type Body<O> = O extends { requestBody?: { content: { "application/json": infer B } } } ? B : "no JSON request body";`,
        // A response may carry fields the description does not list: a reader never sees them, so
        // they are no error; every field the description does list must match.
        `type Open<T> = T extends readonly (infer E)[] ? Open<E>[] : T extends object ? { [K in keyof T]: Open<T[K]> } & { [key: string]: unknown } : T;`,
        `type Res<O, S> = O extends { responses: infer R } ? S extends keyof R ? R[S] extends { content: { "application/json": infer B } } ? B : "no JSON response" : "undocumented status" : never;`,
      ];
      const at = [];
      for (const c of cases.filter((x) => x.key === key)) {
        const template = matchTemplate(templates, c.path);
        if (!template) {
          unmatched.push(c);
          continue;
        }
        const op = `NonNullable<paths[${JSON.stringify(template)}][${JSON.stringify(c.method)}]>`;
        const start = lines.length;
        if (c.requestBody !== undefined) lines.push(`{ const request: Body<${op}> = ${oneLine(c.requestBody)}; void request; }`);
        if (c.responseBody !== undefined) lines.push(`{ const response: Open<Res<${op}, ${c.status}>> = ${oneLine(c.responseBody)}; void response; }`);
        at.push({ c, start, end: lines.length, template });
      }
      const file = path.join(work, `${key}.ts`);
      writeFileSync(file, `${lines.join("\n")}\n`);
      probes.set(file, at);
    }

    const program = ts.createProgram([...probes.keys()], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: [],
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
    });
    const failures = [];
    let compiled = 0;
    let checked = 0;
    for (const [file, at] of probes) {
      const source = program.getSourceFile(file);
      const errors = ts.getPreEmitDiagnostics(program, source).filter((d) => d.file === source);
      const byLine = new Map();
      for (const d of errors) {
        const line = source.getLineAndCharacterOfPosition(d.start ?? 0).line;
        if (!byLine.has(line)) byLine.set(line, ts.flattenDiagnosticMessageText(d.messageText, " ").slice(0, 300));
      }
      const header = [...byLine.keys()].filter((line) => line < 4);
      if (header.length) throw new ScriptError(`${file}: the probe's header does not compile: ${byLine.get(header[0])}`);
      for (const { c, start, end, template } of at) {
        checked++;
        const wrong = [];
        for (let line = start; line < end; line++) if (byLine.has(line)) wrong.push(byLine.get(line));
        if (wrong.length) failures.push({ c, template, error: wrong[0] });
        else compiled++;
      }
    }

    const perKey = [...new Set(cases.map((c) => c.key))].map((key) => {
      const all = cases.filter((c) => c.key === key).length;
      const bad = failures.filter((f) => f.c.key === key).length + unmatched.filter((c) => c.key === key).length;
      return `${key}: ${all - bad}/${all}`;
    });
    console.log(
      `${compiled} of ${cases.length} mocked calls compile against ${path.relative(root, generated) || "."} (${perKey.join(", ")}); ${checked - compiled} with a body our types refuse, ${unmatched.length} on a path our types lack`,
    );
    if (args.list) {
      for (const c of unmatched) console.log(`  no path: ${c.key} ${c.method.toUpperCase()} ${c.path} (${c.file}: ${c.name})`);
      for (const f of failures) console.log(`  refused: ${f.c.key} ${f.c.method.toUpperCase()} ${f.template} ${f.c.status} (${f.c.file}: ${f.c.name}): ${f.error}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

function existsDir(p) {
  return statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
function existsFile(p) {
  return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
}
function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
/** One case per line, so that a diagnostic's line names its case. */
function oneLine(text) {
  return text.replace(/\s*\n\s*/g, " ");
}

/** Each `test(name, ...)`'s mocked call: method, path and status of the mock, and the source text of its JSON bodies. */
function extractCases(file) {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const cases = [];
  const visit = (node) => {
    const name = ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "test" ? node.arguments[0] : undefined;
    if (name && ts.isStringLiteral(name)) {
      const found = { name: name.text };
      const inner = (n) => {
        if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
          if (n.name.text === "rawRequestBody") found.requestBody = n.initializer.getText(source);
          if (n.name.text === "rawResponseBody") found.responseBody = n.initializer.getText(source);
        }
        if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
          const method = n.expression.name.text;
          const arg = n.arguments[0];
          if (["get", "post", "put", "delete", "patch"].includes(method) && arg && ts.isStringLiteral(arg) && n.expression.getText(source).includes("mockEndpoint")) {
            found.method = method;
            found.path = arg.text.split("?")[0];
          }
          if (method === "statusCode" && arg && ts.isNumericLiteral(arg)) found.status = Number(arg.text);
        }
        ts.forEachChild(n, inner);
      };
      inner(node);
      if (found.method && found.path && found.status) cases.push(found);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return cases;
}

/** The path template a concrete path fills, the one with the most literal segments when several do. */
function matchTemplate(templates, concrete) {
  const parts = concrete.split("/");
  let best;
  let bestLiterals = -1;
  for (const template of templates) {
    const segments = template.split("/");
    if (segments.length !== parts.length) continue;
    let literals = 0;
    const fits = segments.every((segment, i) => {
      if (/^\{[^}]+\}$/.test(segment)) return parts[i] !== "";
      if (segment === parts[i]) return ++literals;
      return false;
    });
    if (fits && literals > bestLiterals) {
      best = template;
      bestLiterals = literals;
    }
  }
  return best;
}
