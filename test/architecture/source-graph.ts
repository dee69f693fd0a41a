/**
 * The import graph of src/, read with TypeScript's own parser (so type-only imports, re-exports,
 * `import("…")` types and dynamic imports all count, and nothing in a comment or a string does).
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The repository's src/ directory. */
export const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** One module of src/: its path relative to src/ (forward slashes) and what it imports. */
export interface SourceModule {
  readonly file: string;
  readonly source: ts.SourceFile;
  /** Imports of other src/ modules, as paths relative to src/. */
  readonly internal: readonly Import[];
  /** Imports of packages and host modules (`fp-ts/lib/Either.js`, `node:path`). */
  readonly external: readonly Import[];
}

/** One import: what it names and the line it is on. */
export interface Import {
  readonly target: string;
  readonly line: number;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier in a file, with its line. */
function specifiers(sf: ts.SourceFile): { spec: string; line: number }[] {
  const out: { spec: string; line: number }[] = [];
  const add = (lit: ts.Node): void => {
    if (ts.isStringLiteralLike(lit)) out.push({ spec: lit.text, line: sf.getLineAndCharacterOfPosition(lit.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) add(node.moduleSpecifier);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) add(node.arguments[0]);
    else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) add(node.name); // `declare module "…"` augments that module
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Reads every module of src/. */
export function readSources(): SourceModule[] {
  return tsFiles(SRC).map((path) => {
    const file = relative(SRC, path).split(sep).join("/");
    const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
    const internal: Import[] = [];
    const external: Import[] = [];
    for (const { spec, line } of specifiers(source)) {
      if (spec.startsWith(".")) {
        const target = relative(SRC, resolve(dirname(path), spec)).split(sep).join("/").replace(/\.js$/, ".ts");
        internal.push({ target, line });
      } else {
        external.push({ target: spec, line });
      }
    }
    return { file, source, internal, external };
  });
}

/** The layer of a module: its top directory under src/, or its own name for a top-level file. */
export function layerOf(file: string): string {
  const parts = file.split("/");
  return parts.length === 1 ? parts[0]!.replace(/\.ts$/, "") : parts[0]!;
}

/** Every import cycle between modules, each as a path `a.ts → b.ts → … → a.ts`. */
export function importCycles(modules: readonly SourceModule[]): string[] {
  const edges = new Map(modules.map((m) => [m.file, [...new Set(m.internal.map((i) => i.target))]]));
  const cycles: string[] = [];
  // Depth-first search; a back edge to a module on the current path closes a cycle.
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    path.push(file);
    for (const next of edges.get(file) ?? []) {
      if (!edges.has(next)) continue;
      const s = state.get(next);
      if (s === "open") cycles.push([...path.slice(path.indexOf(next)), next].join(" → "));
      else if (s === undefined) visit(next);
    }
    path.pop();
    state.set(file, "done");
  };
  for (const file of [...edges.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}
