/**
 * Every ```ts block of README.md and of docs/**\/*.md (not the generated docs/api/) runs as written
 * — `from "fluxion"` pointed at src/index.ts and `from "fluxion/laws"` at src/laws/index.ts — and the
 * values its comments promise are the values it produces (the comment language is checked-code.ts's).
 * A block that is not TypeScript to run takes another fence (```sh, ```json, ```text).
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
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
  readonly line: number;
  readonly code: string;
}

/** The ```ts blocks of a page, with the line of their opening fence. */
function blocksOf(page: string): Block[] {
  const text = readFileSync(join(root, page), "utf8");
  return [...text.matchAll(/^```ts\s*\n([\s\S]*?)^```\s*$/gm)].map((m) => ({
    page,
    line: text.slice(0, m.index).split("\n").length,
    code: m[1]!,
  }));
}

const rel = (p: string) => relative(generated, p).replace(/\\/g, "/");
const packageRoot = rel(join(root, "src/index.js"));
const lawsRoot = rel(join(root, "src/laws/index.js"));
const blocks = pages().flatMap(blocksOf);

describe("the ```ts blocks of README.md and docs/ run, and their commented values hold", () => {
  it("finds the blocks of the README, the guide and the guides", () => {
    const pagesWithBlocks = new Set(blocks.map((b) => b.page));
    for (const page of ["README.md", "docs/guide.md", "docs/guides/quick-start.md"]) expect(pagesWithBlocks.has(page), page).toBe(true);
  });

  blocks.forEach((block, i) => {
    it(`${block.page}:${block.line}`, async () => {
      const { code } = withChecks(
        block.code.replace(/from "fluxion\/laws"/g, `from "${lawsRoot}"`).replace(/from "fluxion"/g, `from "${packageRoot}"`),
      );
      const source = [`// Generated from ${block.page}:${block.line} by code-blocks.test.ts.`, checkPreamble(packageRoot), code, ""].join("\n");
      mkdirSync(generated, { recursive: true });
      const file = join(generated, `doc-${i}-${block.page.replace(/[^\w]+/g, "-")}.ts`);
      writeFileSync(file, source);
      const mod = (await import(file)) as { __checks: [string, unknown, unknown, number][] };
      for (const [expr, got, want, places] of mod.__checks) expectMatches(got, want, places, `${block.page}:${block.line}: ${expr}`);
    });
  });
});
