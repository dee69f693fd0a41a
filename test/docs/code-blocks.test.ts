/**
 * Every ```ts block of README.md and of docs/**\/*.md (not the generated docs/api/) runs as written
 * — `from "fluxion"` pointed at src/index.ts and `from "fluxion/laws"` at src/laws/index.ts — and the
 * values its comments promise are the values it produces (the comment language is checked-code.ts's).
 * The blocks also type-check, all in one TypeScript program, under the project's settings except
 * `noImplicitAny` (a block may be plain JavaScript: `(x) => …`) and the unused-name checks.
 * A block that is not TypeScript to run takes another fence (```sh, ```json, ```text).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { checkPreamble, expectMatches, withChecks } from "./checked-code.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const generated = join(here, ".generated");

/** The markdown pages whose blocks run: the README and docs/ (recursively), without docs/api/. */
function pages(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) return path === "docs/api" || e.name.startsWith(".") ? [] : walk(path);
      return e.name.endsWith(".md") ? [path] : [];
    });
  return ["README.md", ...walk("docs").sort()];
}

interface Block {
  readonly page: string;
  /** The line of the opening fence. */
  readonly line: number;
  readonly code: string;
  /** The generated module that runs it. */
  readonly file: string;
}

const rel = (p: string) => relative(generated, p).replace(/\\/g, "/");
const packageRoot = rel(join(root, "src/index.js"));
const lawsRoot = rel(join(root, "src/laws/index.js"));
const header = (b: { page: string; line: number }) => [`// Generated from ${b.page}:${b.line} by code-blocks.test.ts.`, checkPreamble(packageRoot)].join("\n");
const headerLines = header({ page: "", line: 0 }).split("\n").length;

/** The ```ts blocks of a page, with the line of their opening fence, each written to its module. */
function blocksOf(page: string, first: number): Block[] {
  const text = readFileSync(join(root, page), "utf8");
  return [...text.matchAll(/^```ts\s*\n([\s\S]*?)^```\s*$/gm)].map((m, i) => {
    const line = text.slice(0, m.index).split("\n").length;
    const file = join(generated, `doc-${first + i}-${page.replace(/[^\w]+/g, "-")}.ts`);
    const code = withChecks(m[1]!.replace(/from "fluxion\/laws"/g, `from "${lawsRoot}"`).replace(/from "fluxion"/g, `from "${packageRoot}"`)).code;
    writeFileSync(file, `${header({ page, line })}\n${code}\n`);
    return { page, line, code: m[1]!, file };
  });
}

mkdirSync(generated, { recursive: true });
const blocks = pages().reduce<Block[]>((all, page) => all.concat(blocksOf(page, all.length)), []);

/** The type errors of all blocks, as `page:line: message` (the line in the markdown page). */
function typeErrors(): string[] {
  const { config } = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const program = ts.createProgram(
    blocks.map((b) => b.file),
    { ...options, noEmit: true, noImplicitAny: false, noUnusedLocals: false, noUnusedParameters: false, incremental: false },
  );
  const byFile = new Map(blocks.map((b) => [ts.sys.resolvePath(b.file), b]));
  return ts.getPreEmitDiagnostics(program).flatMap((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const block = d.file ? byFile.get(ts.sys.resolvePath(d.file.fileName)) : undefined;
    if (d.file === undefined || block === undefined) return []; // src/ is type-checked by tsc -p, not here
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    return [`${block.page}:${block.line + 1 + line - headerLines}: ${text}`];
  });
}

describe("the ```ts blocks of README.md and docs/ run, and their commented values hold", () => {
  it("finds the blocks of the README, the guide and the guides", () => {
    const pagesWithBlocks = new Set(blocks.map((b) => b.page));
    for (const page of ["README.md", "docs/guide.md", "docs/guides/quick-start.md", "docs/guides/for-jax-users.md"]) {
      expect(pagesWithBlocks.has(page), page).toBe(true);
    }
    // Every guide (but the index) shows runnable code with checked values.
    const guides = pages().filter((p) => p.startsWith("docs/guides/") && !p.endsWith("README.md"));
    expect(guides.length).toBeGreaterThanOrEqual(9);
    for (const page of guides) {
      const checks = blocks.filter((b) => b.page === page).reduce((n, b) => n + withChecks(b.code).count, 0);
      expect(checks, `${page}: checked values`).toBeGreaterThan(3);
    }
  });

  it("type-check", () => {
    expect(typeErrors()).toEqual([]);
  }, 180_000);

  blocks.forEach((block) => {
    it(`${block.page}:${block.line}`, async () => {
      const mod = (await import(block.file)) as { __checks: [string, unknown, unknown, number][] };
      for (const [expr, got, want, places] of mod.__checks) expectMatches(got, want, places, `${block.page}:${block.line}: ${expr}`);
    });
  });
});
