/**
 * The notebooks in docs/notebooks/ as files: valid nbformat 4 JSON for Deno's kernel, every code
 * cell valid TypeScript, and nothing imported but the package (built in dist/) — so that a reader
 * can run them with the package alone. Executing them is scripts/notebooks/run.sh's job (CI), not
 * this test's.
 */
import { readFileSync, readdirSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const dir = new URL("../../docs/notebooks/", import.meta.url);
const notebooks = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();

interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: { output_type: string; data?: Record<string, unknown>; ename?: string }[];
  execution_count?: number | null;
}
interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name?: string; language?: string; display_name?: string }; language_info?: { name?: string } };
  cells: Cell[];
}

const load = (name: string): Notebook => JSON.parse(readFileSync(new URL(name, dir), "utf8")) as Notebook;
const text = (s: string | string[]): string => (Array.isArray(s) ? s.join("") : s);
const codeCells = (nb: Notebook): Cell[] => nb.cells.filter((c) => c.cell_type === "code");

/** The module specifiers a cell imports (static imports, `export … from`, dynamic `import("…")`). */
function importsOf(source: string): string[] {
  const file = ts.createSourceFile("cell.ts", source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** TypeScript's syntax diagnostics of a cell, compiled as a module (cells use top-level await). */
function syntaxErrors(source: string): string[] {
  const out = ts.transpileModule(source, {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("the checks themselves", () => {
  it("see a syntax error and a foreign import", () => {
    expect(syntaxErrors("const x = ;")).not.toEqual([]);
    expect(syntaxErrors("const x: number = await Promise.resolve(1);\nx")).toEqual([]);
    expect(importsOf(`import { np } from "../../dist/src/index.js";\nconst m = await import("npm:lodash");`)).toEqual([
      "../../dist/src/index.js",
      "npm:lodash",
    ]);
  });
});

describe("docs/notebooks", () => {
  it("holds the tour and the training notebook", () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(2);
    expect(notebooks.some((n) => /tour/.test(n))).toBe(true);
    expect(notebooks.some((n) => /train/.test(n))).toBe(true);
  });

  for (const name of notebooks) {
    describe(name, () => {
      const nb = load(name);

      it("is nbformat 4 for Deno's TypeScript kernel", () => {
        expect(nb.nbformat).toBe(4);
        expect(nb.nbformat_minor).toBeGreaterThanOrEqual(4);
        expect(nb.metadata.kernelspec?.name).toBe("deno");
        expect(nb.metadata.kernelspec?.language).toBe("typescript");
        expect(nb.metadata.language_info?.name).toBe("typescript");
        expect(Array.isArray(nb.cells)).toBe(true);
        for (const cell of nb.cells) {
          expect(["code", "markdown", "raw"]).toContain(cell.cell_type);
          expect(typeof text(cell.source)).toBe("string");
          expect(typeof cell.metadata).toBe("object");
          if (cell.cell_type === "code") expect(Array.isArray(cell.outputs)).toBe(true);
        }
        if (nb.nbformat_minor >= 5) {
          const ids = nb.cells.map((c) => c.id);
          for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
          expect(new Set(ids).size).toBe(ids.length);
        }
      });

      it("has code cells that parse as TypeScript", () => {
        const cells = codeCells(nb);
        expect(cells.length).toBeGreaterThan(3);
        cells.forEach((cell, i) => {
          expect({ cell: i, errors: syntaxErrors(text(cell.source)) }).toEqual({ cell: i, errors: [] });
        });
      });

      it("imports only the package (the build in dist/)", () => {
        const imports = codeCells(nb).flatMap((c) => importsOf(text(c.source)));
        expect(imports.length).toBeGreaterThan(0);
        for (const spec of imports) expect(spec).toBe("../../dist/src/index.js");
      });

      it("is committed with the outputs of a run, without errors, its graphs drawn", () => {
        const cells = codeCells(nb);
        for (const cell of cells) {
          expect(cell.execution_count).toEqual(expect.any(Number));
          expect(cell.outputs!.filter((o) => o.output_type === "error").map((o) => o.ename)).toEqual([]);
        }
        const graphs = cells.filter((c) => c.metadata.tags?.includes("graph"));
        expect(graphs.length).toBeGreaterThan(0);
        for (const cell of graphs) {
          const svg = cell.outputs!.map((o) => o.data?.["image/svg+xml"] ?? o.data?.["text/html"]).find((v) => v !== undefined);
          expect(text((svg ?? "") as string | string[])).toMatch(/<svg|<html|<!doctype/i);
        }
      });
    });
  }
});
