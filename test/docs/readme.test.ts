/**
 * The code blocks of the README and of docs/guide.md run as written (with the package import
 * pointed at the source tree), and the values their comments promise are the values they produce.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const docs = ["../../README.md", "../../docs/guide.md"].map((f) => readFileSync(join(here, f), "utf8"));
const blocks = docs.flatMap((text) => [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!));

describe("README and guide code blocks", () => {
  it("has at least one TypeScript block", () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  blocks.forEach((code, i) => {
    it(`block ${i} runs and its commented values hold`, async () => {
      // Each `expr; // value` line becomes a check that expr evaluates to value.
      const checked = code
        .replace(/from "fluxion"/g, `from "../../../src/index.js"`)
        .split("\n")
        .map((line) => {
          const m = /^(.*?);\s*\/\/\s*(-?\d+(?:\.\d+)?|true|false)(?=\s|:|$)/.exec(line);
          if (m === null) return line;
          const want = m[2] === "true" ? 1 : m[2] === "false" ? 0 : Number(m[2]);
          return `${m[1]}; __checks.push([${JSON.stringify(m[1]!.trim())}, Number(${m[1]!.replace(/^\s*(const|let)\s+\w+\s*=\s*/, "")}), ${want}]);`;
        })
        .join("\n");
      const dir = join(here, ".generated");
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `readme-${i}.ts`);
      writeFileSync(file, `// Generated from README.md block ${i} by readme.test.ts.\nexport const __checks: [string, number, number][] = [];\n${checked}\n`);
      const mod = (await import(file)) as { __checks: [string, number, number][] };
      for (const [expr, got, want] of mod.__checks) {
        expect(Math.abs(got - want), `${expr} = ${got}, README says ${want}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
      }
    });
  });
});
