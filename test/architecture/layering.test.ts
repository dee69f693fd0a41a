/**
 * The layering of src/, checked from the source: every import (type-only ones included) must go
 * down the table below — the "depends on" table of docs/architecture.md — and no two modules may
 * import each other, directly or round a longer loop. The library must also bundle for a browser
 * (no Node module, no Node global) and be wired only by its package root (no module installs
 * anything, or keeps a mode of its own, by being loaded).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { SRC, type SourceModule, importCycles, layerOf, readSources } from "./source-graph.js";

/**
 * What each layer may import (besides itself). A layer is a directory of src/ or a top-level file.
 * The same table, with what each layer is for, is in docs/architecture.md.
 */
const DEPENDS_ON: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  tensor: ["errors"],
  tree: ["tensor", "errors"],
  ir: ["tensor", "tree", "errors"],
  primitives: ["ir", "tensor", "tree", "errors"],
  backend: ["primitives", "ir", "tensor", "tree", "errors"],
  np: ["primitives", "ir", "tensor", "tree", "errors"],
  trace: ["backend", "primitives", "ir", "tensor", "tree", "errors"],
  interpret: ["trace", "primitives", "ir", "tensor", "tree", "errors"],
  transforms: ["interpret", "trace", "primitives", "ir", "tensor", "tree", "errors"],
  compile: ["backend", "transforms", "interpret", "trace", "primitives", "ir", "tensor", "tree", "errors"],
  api: ["compile", "transforms", "interpret", "trace", "np", "primitives", "ir", "tensor", "tree", "errors"],
  lax: ["api", "compile", "transforms", "interpret", "trace", "np", "primitives", "ir", "tensor", "tree", "errors"],
  nn: ["api", "np", "primitives", "ir", "tensor", "tree", "errors"],
  "scipy-special": ["nn", "api", "np", "primitives", "ir", "tensor", "tree", "errors"],
  random: ["api", "np", "primitives", "ir", "tensor", "tree", "errors"],
  optim: ["api", "np", "primitives", "ir", "tensor", "tree", "errors"],
  debug: ["interpret", "trace", "primitives", "ir", "tensor", "tree", "errors"],
  // Drawings of graphs (toSvg, toHtml): read the IR only.
  draw: ["ir", "tensor", "tree", "errors"],
  // ONNX export, import and ONNX Runtime as an engine: lowers graphs (the Backend seam's table type),
  // traces and runs them like jit, names values by pytree path like the drawings.
  onnx: ["api", "compile", "backend", "transforms", "interpret", "trace", "np", "primitives", "draw", "ir", "tensor", "tree", "errors"],
  // The root: wire() connects the layers, index.ts re-exports the public API and calls wire().
  wire: ["*"],
  index: ["*"],
  // The law kit (the `fluxion/laws` subpath): built on the public API, never imported by it.
  laws: ["index", "errors"],
};

/**
 * Module-level `let`s, each with why it is not a second mode cell beside the current interpreter:
 * a wiring slot that only wire() fills, a cache or counter whose value never changes a result, or
 * a switch only tests turn. A new one fails this test until it is listed here with its reason.
 */
const MODULE_LETS: Readonly<Record<string, string>> = {
  "primitives/bind.ts current": "the one mode cell: the current interpreter",
  "primitives/table.ts table": "wiring slot (the registry), filled by wire()",
  "primitives/graph-context.ts installed": "wiring slot (compile/transforms for graph-carrying primitives), filled by wire()",
  "backend/current.ts installed": "wiring slot (the backend that runs concrete values), filled by wire()",
  "tensor/tensor.ts impls": "wiring slot (np behind Tensor's methods), filled by wire()",
  "ir/equal.ts nextFunctionId": "counter of identity numbers for hashing",
  "trace/source-info.ts recentDepth": "search hint: how deep the last user frame was (any value finds the same frame)",
  "trace/provenance.ts current": "annotation only: the equation being re-played lends its source line, scope and pass to what it emits (never read by a kernel or a rule)",
  "trace/provenance.ts observers": "annotation only: how many debugNans calls want linear graphs to record source lines (changes no result)",
  "backend/cpu/fuse.ts lastSource": "the last fused loop's source, read by tests",
  "compile/jit.ts warn": "the warning sink, replaced by tests",
  "backend/cpu/codegen.ts enabled": "tests switch code generation off to cover the closure fallback (same results)",
  "backend/cpu/codegen.ts blocked": "cache: the host forbids code generation",
  "backend/wasm/gemm-runtime.ts runtime": "cache: the WebAssembly GEMM's memory and kernels, created at first use",
  "backend/wasm/threads.ts workers": "cache: the GEMM's worker threads, started at the first large product",
  "backend/wasm/threads.ts pause": "pacing: products left to run on one thread after a split stalled (never changes a result)",
  "backend/wasm/threads.ts pauseLength": "pacing: the length of the last such pause (never changes a result)",
  "backend/wasm/fused-threads.ts pool": "cache: the fused loops' worker threads, started at the first large loop",
  "backend/wasm/outer-kernel.ts runtime": "cache: the outer-product loop's WebAssembly memory and entries, created at first use",
  "backend/wasm/factor-kernel.ts runtime": "cache: the factorization loops' WebAssembly memory and entries, created at first use",
  "backend/wasm/fused-loop.ts runtime": "cache: the fused loops' WebAssembly memory, created at first use",
  "backend/wasm/fused-loop.ts enabled": "switch: FLUXION_WASM=0 or tests turn the WebAssembly fused loops off (the JS loops then run; results within the stated ulp bounds)",
  "tensor/kernels/gemm.ts accelerator": "wiring slot (the WebAssembly GEMM), filled by wire()",
  "tensor/kernels/factor.ts factorWorkspace": "wiring slot (the WebAssembly factorization loops), filled by wire()",
  "tensor/kernels/gemm.ts packA": "scratch buffer, grown on demand",
  "tensor/kernels/gemm.ts packB": "scratch buffer, grown on demand",
  "tensor/kernels/gemm.ts cScratch": "scratch buffer, grown on demand",
  "onnx/runtime.ts loading": "cache: the optional onnxruntime-node module, loaded by the first onnx.compile",
  "onnx/lowerings/special.ts cotDerivatives": "cache: the polygamma lowering's cot-derivative table, built by the first export that needs it",
  "tensor/dtype.ts tracking": "the arrays allocate made during the current compiled-plan call (restored on return through nested calls), for recycling",
  "tensor/dtype.ts freeBytes": "size of the recycled-array free lists (a cache)",
};

/** Packages src/ may import: its runtime dependencies. */
const DEPENDENCIES = Object.keys(
  (JSON.parse(readFileSync(resolve(SRC, "../package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies,
);

/** Globals of Node (not of browsers): using one breaks a browser bundle. */
const NODE_GLOBALS = new Set(["process", "Buffer", "require", "__dirname", "__filename", "global", "setImmediate", "NodeJS"]);

const modules = readSources();
const where = (m: SourceModule, line: number): string => `src/${m.file}:${line}`;
const lineOf = (m: SourceModule, node: ts.Node): number => m.source.getLineAndCharacterOfPosition(node.getStart(m.source)).line + 1;

/** True when `node` is an identifier used as a name of its own (a variable, a type), not a property. */
function isFreeIdentifier(node: ts.Identifier): boolean {
  const p = node.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === node) return false;
  if (ts.isQualifiedName(p) && p.right === node) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isPropertyDeclaration(p) ||
    ts.isPropertySignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p) || ts.isEnumMember(p)) && p.name === node) return false;
  if (ts.isBindingElement(p) && p.propertyName === node) return false;
  return true;
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  ts.forEachChild(node, (c) => walk(c, visit));
}

describe("src/ is layered", () => {
  it("reads the whole library", () => {
    expect(modules.length).toBeGreaterThan(80);
    expect(modules.some((m) => m.file === "index.ts")).toBe(true);
  });

  it("has no import cycle between modules (type-only imports count)", () => {
    expect(importCycles(modules)).toEqual([]);
  });

  it("imports only down the layer table", () => {
    const layers = new Set(modules.map((m) => layerOf(m.file)));
    expect([...layers].filter((l) => !(l in DEPENDS_ON)), "layers missing from the table").toEqual([]);
    const violations = modules.flatMap((m) => {
      const from = layerOf(m.file);
      const allowed = DEPENDS_ON[from] ?? [];
      return m.internal
        .filter((i) => {
          const to = layerOf(i.target);
          return to !== from && !allowed.includes("*") && !allowed.includes(to);
        })
        .map((i) => `${where(m, i.line)} (${from}) imports ${i.target} (${layerOf(i.target)})`);
    });
    expect(violations).toEqual([]);
  });

  it("imports no Node module and no package but its dependencies (it bundles for a browser)", () => {
    const bad = modules.flatMap((m) =>
      m.external
        .filter((i) => !DEPENDENCIES.some((d) => i.target === d || i.target.startsWith(`${d}/`)))
        // fast-check is a peer dependency of the `fluxion/laws` subpath only: src/laws/ may import it.
        .filter((i) => !(i.target === "fast-check" && layerOf(m.file) === "laws"))
        .map((i) => `${where(m, i.line)} imports ${i.target}`),
    );
    expect(bad).toEqual([]);
  });

  it("uses no Node global (process, Buffer, require, __dirname, NodeJS types, …)", () => {
    const bad: string[] = [];
    for (const m of modules) {
      walk(m.source, (n) => {
        if (ts.isIdentifier(n) && NODE_GLOBALS.has(n.text) && isFreeIdentifier(n)) bad.push(`${where(m, lineOf(m, n))} uses ${n.text}`);
      });
    }
    expect(bad).toEqual([]);
  });
});

describe("only the package root wires", () => {
  it("no module but src/wire.ts calls an install function when it loads, and none is imported for its side effects", () => {
    const bad: string[] = [];
    for (const m of modules) {
      for (const st of m.source.statements) {
        if (ts.isImportDeclaration(st) && st.importClause === undefined) bad.push(`${where(m, lineOf(m, st))} imports a module for its side effects`);
        if (m.file === "wire.ts") continue;
        walk(st, (n) => {
          if (ts.isCallExpression(n) && /^install[A-Z]/.test(n.expression.getText(m.source)) && !insideFunction(n)) {
            bad.push(`${where(m, lineOf(m, n))} calls ${n.expression.getText(m.source)} at load`);
          }
        });
      }
    }
    expect(bad).toEqual([]);
  });

  it("keeps no module-level mode: every module-level let is a wiring slot, a cache, or a test switch (listed with its reason)", () => {
    const found: string[] = [];
    for (const m of modules) {
      for (const st of m.source.statements) {
        if (ts.isVariableStatement(st) && (st.declarationList.flags & ts.NodeFlags.Let) !== 0) {
          for (const d of st.declarationList.declarations) found.push(`${m.file} ${d.name.getText(m.source)}`);
        }
      }
    }
    expect(found.filter((k) => !(k in MODULE_LETS)), "unlisted module-level lets").toEqual([]);
  });
});

/** True when `node` sits inside a function body (so it runs when called, not when loaded). */
function insideFunction(node: ts.Node): boolean {
  for (let p = node.parent; p !== undefined; p = p.parent) if (ts.isFunctionLike(p)) return true;
  return false;
}
