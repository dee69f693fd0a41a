/**
 * The code blocks of docs/laws-kit.md run as written (the package imports pointed at the source
 * tree), and the values their comments promise hold — in particular the wrong `customVjp` of the
 * guide is caught.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const text = readFileSync(join(here, "../../docs/laws-kit.md"), "utf8");
const blocks = [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = join(here, ".generated");

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/laws-kit.md code blocks", () => {
  it("has the guide's three TypeScript blocks", () => {
    expect(blocks.length).toBe(3);
  });

  blocks.forEach((code, i) => {
    it(`block ${i} runs and its commented values hold`, async () => {
      const checked = code
        .replace(/from "fluxion\/laws"/g, `from "../../../src/laws/index.js"`)
        .replace(/from "fluxion"/g, `from "../../../src/index.js"`)
        .split("\n")
        .map((line) => {
          const m = /^(.*?);\s*\/\/\s*(true|false|-?\d+(?:\.\d+)?)(?=\s|$)/.exec(line);
          if (m === null) return line;
          const want = m[2] === "true" ? 1 : m[2] === "false" ? 0 : Number(m[2]);
          return `${m[1]}; __checks.push([${JSON.stringify(m[1]!.trim())}, Number(${m[1]!}), ${want}]);`;
        })
        .join("\n");
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `guide-${i}.ts`);
      writeFileSync(file, `export const __checks: [string, number, number][] = [];\nconsole.error = () => {};\n${checked}\n`);
      const mod = (await import(file)) as { __checks: [string, number, number][] };
      for (const [expr, got, want] of mod.__checks) expect(got, expr).toBe(want);
    });
  });
});
