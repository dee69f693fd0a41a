/**
 * Every `@example` in the TSDoc of src/ runs, and the values its comments promise are the values it
 * produces — as the README's blocks do (code-blocks.test.ts). Two forms are found: a fenced ```ts block
 * after `@example`, and one line in backticks (`@example \`nn.relu([-1, 2]).toArray()\` // [0, 2]`).
 *
 * Each example becomes a module under .generated/ that imports every public name of the package
 * root and, for an example in an internal module, that module's own exports. A line
 * `expr; // value` (or `const name = expr; // value`) is checked when the comment starts with a
 * number, `true`/`false`, a quoted string or an array of numbers; a number is compared to the digits
 * it is written with. `stmt; // throws XError: …` (or a next line `// XError: …`) checks that the
 * statement throws that class. Any other comment is prose. An example that leaves its operands to
 * the reader gets them from `contexts` below; its own text runs unchanged.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decimals, expectMatches, promised } from "./checked-code.js";

const here = dirname(fileURLToPath(import.meta.url));
const srcRoot = join(here, "../../src");
const generated = join(here, ".generated");

interface Example {
  readonly file: string; // relative to src/, e.g. "api/grad.ts"
  readonly line: number;
  readonly code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The examples of one file: fenced blocks and single backticked lines (with their trailing comment). */
function examplesOf(path: string): Example[] {
  const text = readFileSync(path, "utf8");
  const file = relative(srcRoot, path).replace(/\\/g, "/");
  const out: Example[] = [];
  for (const doc of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const lines = doc[0].split("\n").map((l) => l.replace(/^\s*\/?\*\*?\/?\s?/, "").replace(/\s*\*\/$/, ""));
    const startLine = text.slice(0, doc.index).split("\n").length;
    lines.forEach((l, i) => {
      const inline = /@example\s+`([^`]+)`\s*(\/\/.*)?$/.exec(l);
      if (inline) {
        out.push({ file, line: startLine + i, code: `${inline[1]!.replace(/;?\s*$/, ";")}${inline[2] ? ` ${inline[2]}` : ""}` });
        return;
      }
      if (!/@example\s*$/.test(l) || !/^```ts\s*$/.test(lines[i + 1] ?? "")) return;
      const end = lines.findIndex((m, j) => j > i + 1 && /^```\s*$/.test(m));
      out.push({ file, line: startLine + i, code: lines.slice(i + 2, end).join("\n") });
    });
  }
  return out;
}

/** Turns `expr; // value` lines into checks (the value recorded with the expression's text). */
function withChecks(code: string): string {
  const lines = code.split("\n");
  return lines
    .map((line, i) => {
      // `stmt; // throws XError: …`, or `stmt;` with the next line `// XError: …`: the statement must throw that class.
      const thrower = /^(.*?);\s*\/\/\s*throws (\w+Error)\b/.exec(line) ?? (/^(.*?);\s*$/.exec(line) && /^\s*\/\/\s*(\w+Error):/.exec(lines[i + 1] ?? "") ? [line, line.replace(/;\s*$/, ""), /^\s*\/\/\s*(\w+Error):/.exec(lines[i + 1]!)![1]] : null);
      if (thrower) return `__checks.push([${JSON.stringify(thrower[1]!.trim())}, __throws(() => { ${thrower[1]}; }), ${JSON.stringify(thrower[2])}, 0]);`;
      const m = /^(.*?);\s*\/\/\s*(.*)$/.exec(line);
      if (m === null) return line;
      const want = promised(m[2]!);
      if (want === undefined) return line;
      const stmt = m[1]!;
      const decl = /^\s*(?:const|let)\s+(\w+)\s*=/.exec(stmt);
      if (/^\s*(?:const|let)\s+[[{]/.test(stmt)) return line; // a destructuring: its comment is prose
      const value = decl ? decl[1]! : stmt;
      return `${decl ? `${stmt};\n` : ""}__checks.push([${JSON.stringify(stmt.trim())}, __value(${value}), ${want}, ${decimals(want)}]);`;
    })
    .join("\n");
}


const publicNames = Object.keys(await import("../../src/index.js"));

/** A name an import can bind (`lax.switch` is exported from lax as `switch`, a reserved word). */
function bindable(name: string): boolean {
  try {
    new Function(`let ${name};`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Examples that show one call and leave its operands to the reader get them here (keyed by file
 * and a piece of the example): the example's own text runs unchanged after this setup. `@src` is
 * the path to src/ from the generated file.
 */
const contexts: readonly { file: string; has: string | RegExp; setup: string }[] = [
  { file: "tensor/kernels/gemm.ts", has: "installGemmAccelerator", setup: 'import { wire } from "@src/wire.js";' },
  { file: "tensor/kernels/factor.ts", has: "installFactorWorkspace", setup: 'import { wire } from "@src/wire.js";' },
  { file: "backend/wasm/simd-math-f32.ts", has: "simdUnaryKernel", setup: 'import { simdUnaryKernel } from "@src/backend/wasm/simd-math-runtime.js";' },
  { file: "backend/wasm/simd-math-f32-erf.ts", has: "simdUnaryKernel", setup: 'import { simdUnaryKernel } from "@src/backend/wasm/simd-math-runtime.js";' },
  { file: "backend/wasm/simd-math-f64.ts", has: "simdUnaryKernel", setup: 'import { simdUnaryKernel } from "@src/backend/wasm/simd-math-runtime.js";' },
  { file: "backend/wasm/simd-math-f32-trig.ts", has: "simdUnaryKernel", setup: 'import { simdUnaryKernel } from "@src/backend/wasm/simd-math-runtime.js";' },
  { file: "backend/wasm/simd-math-f64-trig.ts", has: "simdUnaryKernel", setup: 'import { simdUnaryKernel } from "@src/backend/wasm/simd-math-runtime.js";' },
  { file: "backend/wasm/fused-loop.ts", has: "CPU_LOWERINGS", setup: 'import { CPU_LOWERINGS } from "@src/backend/cpu/lowering.js";' },
  { file: "backend/wasm/simd-math-runtime.ts", has: "expF32", setup: 'import { expF32 } from "@src/backend/wasm/simd-math-f32.js";' },
  { file: "errors.ts", has: "optionsArg(userOpts", setup: "const userOpts = undefined;" },
  { file: "errors.ts", has: "inContext(", setup: "const key = random.key(0), shape = [2], uniform = random.uniform;" },
  { file: "np/einsum.ts", has: "np.einsum", setup: "const a = np.ones([3, 3]), b = np.ones([3, 2]), x = np.ones([2, 3, 4]), y = np.ones([2, 4, 5]);" },
  { file: "np/elementwise.ts", has: "np.where(np.greater(x, 0), x, 0)", setup: "const x = np.array([-1, 2]);" },
  { file: "optim/index.ts", has: "grads", setup: "let params = { w: np.ones([2]) };\nconst grads = { w: np.array([1, -1]) };" },
  { file: "optim/index.ts", has: /^params = optim.applyUpdates/, setup: "let params = { w: np.ones([2]) };\nconst updates = { w: np.array([1, -1]) };" },
  { file: "random/index.ts", has: "random.split(key)", setup: "const key = random.key(0);" },
  { file: "tree/pytree.ts", has: "w1", setup: "const w1 = np.ones([2]), w2 = np.array([1, 2]);" },
  {
    file: "trace/closed.ts",
    has: "traceClosed",
    setup: 'import * as ops from "@src/primitives/ops.js";\nimport { aval } from "@src/ir/types.js";\nconst w = np.ones([3]);',
  },
  { file: "primitives/control/scan-residuals.ts", has: "scanResiduals(primal", setup: 'import { linearizeGraph } from "@src/transforms/graphs.js";' },
  { file: "transforms/graphs.ts", has: "linearizeGraph(g", setup: "const g = trace((x: Tensor) => np.sin(x))(np.ones([3]));" },
  { file: "transforms/graphs.ts", has: "transposeGraph(linear", setup: "const { linear } = linearizeGraph(trace((x: Tensor) => np.sin(x))(np.ones([3])), [true]);" },
  { file: "transforms/graphs.ts", has: "vmapGraph(g", setup: "const g = trace((x: Tensor, y: Tensor) => np.mul(x, y))(np.ones([3]), np.ones([3]));" },
  { file: "transforms/simplify.ts", has: "trace(grad(f))(x)", setup: "const f = (x: Tensor) => np.sum(np.sin(x));\nconst x = np.ones([3]);" },
  {
    file: "primitives/rule-types.ts",
    has: "unaryElementwise",
    setup: 'import { unaryElementwise } from "@src/primitives/kinds.js";\nimport { registry } from "@src/primitives/registry.js";\nconst { jvpRule, transposeRule } = registry.neg;',
  },
];

const setupOf = (ex: Example): string =>
  contexts
    .filter((c) => c.file === ex.file && (typeof c.has === "string" ? ex.code.includes(c.has) : c.has.test(ex.code)))
    .map((c) => c.setup)
    .join("\n");
const examples = sourceFiles(srcRoot).flatMap(examplesOf);

describe("TSDoc @example blocks run and their commented values hold", () => {
  it("finds the examples (fenced and inline)", () => {
    expect(examples.length).toBeGreaterThan(100);
  });

  examples.forEach((ex, i) => {
    it(`${ex.file}:${ex.line}`, async () => {
      const modulePath = join(srcRoot, ex.file).replace(/\.ts$/, ".js");
      const own = Object.keys(await import(modulePath)).filter((n) => !publicNames.includes(n) && bindable(n));
      const rel = (p: string) => relative(generated, p).replace(/\\/g, "/");
      const imports = [
        `import { ${publicNames.join(", ")} } from "${rel(join(srcRoot, "index.js"))}";`,
        own.length > 0 ? `import { ${own.join(", ")} } from "${rel(modulePath)}";` : "",
      ].join("\n");
      const source = [
        `// Generated from src/${ex.file}:${ex.line} by tsdoc-examples.test.ts.`,
        imports,
        "export const __checks: [string, unknown, unknown, number][] = [];",
        "const __value = (x: unknown): unknown => x instanceof Tensor ? x.toArray() : Array.isArray(x) ? x.map(__value) : x;",
        "const __throws = (f: () => unknown): string => { try { f(); } catch (e) { return (e as Error).name; } return \"nothing\"; };",
        setupOf(ex).replace(/@src/g, rel(srcRoot)),
        withChecks(ex.code),
        "",
      ].join("\n");
      mkdirSync(generated, { recursive: true });
      const file = join(generated, `tsdoc-${i}.ts`);
      writeFileSync(file, source);
      const mod = (await import(file)) as { __checks: [string, unknown, unknown, number][] };
      for (const [expr, got, want, places] of mod.__checks) expectMatches(got, want, places, expr);
    });
  });
});
