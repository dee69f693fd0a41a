/**
 * The library's src/ transpiled to plain JS in a temporary directory, for tests that run it in a
 * child process with Node flags (such as --disallow-code-generation-from-strings) that vitest's
 * own transform cannot run under. The directory is an ES module package with the project's
 * node_modules linked in; the caller writes its child script there and removes the directory.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const ROOT = join(import.meta.dirname, "../../..");

/** A fresh directory `<tmp>/<prefix>…` holding src/ as .js files, package.json and node_modules. */
export function transpiledLibrary(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const transpileTree = (from: string): void => {
    for (const f of readdirSync(from)) {
      const path = join(from, f);
      if (statSync(path).isDirectory()) transpileTree(path);
      else if (f.endsWith(".ts")) {
        const out = join(dir, relative(ROOT, path)).replace(/\.ts$/, ".js");
        mkdirSync(dirname(out), { recursive: true });
        const js = ts.transpileModule(readFileSync(path, "utf8"), { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } });
        writeFileSync(out, js.outputText);
      }
    }
  };
  transpileTree(join(ROOT, "src"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}
