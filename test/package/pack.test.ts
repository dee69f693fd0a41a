/**
 * The package people install: `npm pack` (whose `prepack` script compiles `src/` with
 * tsconfig.build.package.json) from a clean copy of the repository, the tarball installed into a
 * throwaway project, and that project using fluxion the ways a user would — `import` from an `.mjs`
 * file, `require` from a `.cjs` file (Node ≥ 20.19 loads the ES module through `require`), and a
 * TypeScript program type-checked under `moduleResolution` `node16` and `bundler` (and a CommonJS
 * `.cts` under `module` `node20`). Derivatives are compared with their closed form, so a package that
 * loads but computes wrongly, or ships without its compiled files or declarations, fails here.
 *
 * Slow by nature (a full `tsc` build plus `npm install` of the tarball): about 25–35 s, done once in
 * `beforeAll`; the dependencies come from the npm cache that `npm ci` filled (`--prefer-offline`).
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
const execFileAsync = promisify(execFile);

// Under `npm test` the environment carries the outer npm's settings (npm_config_local_prefix, the
// package's npm_package_* fields, …); the inner npm must act on the temp folders alone, so only the
// settings that say where the cache and registry are pass through.
const keep = new Set(["cache", "userconfig", "globalconfig", "registry", "cafile", "proxy", "https_proxy", "noproxy", "strict_ssl"]);
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => {
    const lower = k.toLowerCase();
    if (lower.startsWith("npm_config_")) return keep.has(lower.slice("npm_config_".length));
    return !lower.startsWith("npm_package_") && !lower.startsWith("npm_lifecycle_") && lower !== "npm_command";
  }),
);

/** Runs a command; on failure the error carries its stdout and stderr, so CI logs say why. */
const run = (command: string, args: readonly string[], cwd: string): string => {
  try {
    return execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 150_000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
  }
};

/** Every file below `dir`, as `/`-separated paths relative to it. */
const listFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split(sep).join("/"));

// f(x) = Σ x·sin x, whose gradient is sin x + x·cos x, elementwise.
const xs = [0.5, 1, 2, -3];
const closedForm = xs.map((x) => Math.sin(x) + x * Math.cos(x));
const snippetBody = `
const g = grad((x) => np.sum(np.sin(x).mul(x)))(np.array(${JSON.stringify(xs)}));
console.log(JSON.stringify({ shape: g.shape, values: g.toArray() }));
`;

// The programs a user would write against the installed package, each run or type-checked in the
// temp project. The @ts-expect-error lines fail a check whose declarations did not resolve (`any`).
const typedProgram = `import { type Tensor, grad, np } from "fluxion";
const f = (x: Tensor): Tensor => np.sum(np.sin(x).mul(x));
const g: Tensor = grad(f)(np.array([0.5, 1, 2]));
// @ts-expect-error grad(f) returns a Tensor, not a string
const wrong: string = grad(f)(np.array([1]));
void [g, wrong];
`;
const cjsProgram = `import fluxion = require("fluxion");
const g: fluxion.Tensor = fluxion.grad((x: fluxion.Tensor) => fluxion.np.sum(x.mul(x)))(fluxion.np.array([1, 2]));
// @ts-expect-error not an export of fluxion
fluxion.noSuchExport;
void g;
`;
const wrongProgram = `import { grad, np } from "fluxion";\nconst s: string = grad((x) => np.sum(x))(np.array([1]));\nvoid s;\n`;
// The law kit subpath (fast-check is its peer dependency): it catches a customVjp whose backward is
// twice the right one, with fast-check's shrunk counterexample.
const lawsProgram = `import { customVjp, np } from "fluxion";
import { arbitraries, checkCustomRule } from "fluxion/laws";
const bad = customVjp((x) => np.sin(x), (x) => [np.sin(x), x], (x, ct) => [np.mul(2, np.mul(ct, np.cos(x)))]);
let message = "";
try { checkCustomRule(bad, arbitraries.tensor({ shape: [2] })); } catch (e) { message = String(e); }
console.log(JSON.stringify({ caught: /Counterexample/.test(message) && /Shrunk/.test(message) }));
`;
const lawsTyped = `import * as fc from "fast-check";
import type { Tensor } from "fluxion";
import { arbitraries, checkDerivatives } from "fluxion/laws";
const arb: fc.Arbitrary<Tensor> = arbitraries.tensor({ shape: [2] });
checkDerivatives((x: Tensor) => x, arb, { order: 1 });
// @ts-expect-error order is a number
checkDerivatives((x: Tensor) => x, arb, { order: "2" });
`;
const typeChecks = {
  node16: { options: { module: "node16", moduleResolution: "node16" }, file: "typed-node16.mts", source: typedProgram },
  bundler: { options: { module: "esnext", moduleResolution: "bundler" }, file: "typed-bundler.ts", source: typedProgram },
  cjs: { options: { module: "node20", moduleResolution: "node16" }, file: "typed-cjs.cts", source: cjsProgram },
  wrong: { options: { module: "node16", moduleResolution: "node16" }, file: "wrong.mts", source: wrongProgram },
  lawsTypes: { options: { module: "node16", moduleResolution: "node16" }, file: "typed-laws.mts", source: lawsTyped },
} as const;
const scripts = {
  laws: { file: "laws.mjs", source: lawsProgram },
  import: { file: "use.mjs", source: `import { grad, np } from "fluxion";\n${snippetBody}` },
  require: { file: "use.cjs", source: `const { grad, np } = require("fluxion");\n${snippetBody}` },
} as const;

type Outcome = { ok: boolean; stdout: string; output: string };
const outcomes = new Map<string, Outcome>();
const outcome = (name: string): Outcome => {
  const o = outcomes.get(name);
  if (o === undefined) throw new Error(`no outcome for ${name}: beforeAll did not finish`);
  return o;
};

let root = "";
let installed = "";

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "fluxion-pack-"));
  // A clean copy: the sources and build configuration only, no dist/ — what a fresh clone holds.
  const pkg = join(root, "pkg");
  mkdirSync(pkg);
  for (const entry of ["src", "package.json", "tsconfig.json", "tsconfig.build.package.json", "README.md", "LICENSE"]) {
    if (existsSync(join(repo, entry))) cpSync(join(repo, entry), join(pkg, entry), { recursive: true });
  }
  symlinkSync(join(repo, "node_modules"), join(pkg, "node_modules"), "junction");
  const out = join(root, "out");
  mkdirSync(out);
  run("npm", ["pack", "--pack-destination", out, "--no-audit", "--no-fund"], pkg);
  const tarballs = readdirSync(out).filter((f) => f.endsWith(".tgz"));
  expect(tarballs).toHaveLength(1);

  const app = join(root, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "fluxion-pack-test-app", private: true }));
  run("npm", ["install", join(out, tarballs[0]!), "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock"], app);
  installed = join(app, "node_modules", "fluxion");
  // fast-check, the optional peer dependency of fluxion/laws, as a user of the law kit installs it.
  symlinkSync(join(repo, "node_modules", "fast-check"), join(app, "node_modules", "fast-check"), "junction");

  // The runs and type checks are independent: start them all, then wait (the test stays well
  // inside a minute on two cores).
  const jobs: Promise<void>[] = [];
  const start = (name: string, args: string[]): void => {
    jobs.push(
      execFileAsync(process.execPath, args, { cwd: app, env, encoding: "utf8", timeout: 120_000 }).then(
        ({ stdout, stderr }) => void outcomes.set(name, { ok: true, stdout, output: `${stdout}${stderr}` }),
        (e: { stdout?: string; stderr?: string; message: string }) =>
          void outcomes.set(name, { ok: false, stdout: e.stdout ?? "", output: `${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}` }),
      ),
    );
  };
  for (const [name, { file, source }] of Object.entries(scripts)) {
    writeFileSync(join(app, file), source);
    start(name, [file]);
  }
  for (const [name, { options, file, source }] of Object.entries(typeChecks)) {
    writeFileSync(join(app, file), source);
    const compilerOptions = { ...options, target: "ES2022", lib: ["ES2022"], types: [], strict: true, noEmit: true, skipLibCheck: false };
    writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: [file] }));
    start(name, [tsc, "-p", `tsconfig.${name}.json`]);
  }
  await Promise.all(jobs);
}, 240_000);

afterAll(() => {
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("ships compiled JS and declarations for every source module, and nothing else", () => {
    const files = listFiles(installed);
    expect(files).toContain("package.json");
    expect(files).toContain("README.md");
    expect(files).toContain("dist/src/index.js");
    expect(files).toContain("dist/src/index.d.ts");
    const outside = files.filter((f) => !f.startsWith("dist/src/") && !["package.json", "README.md", "LICENSE"].includes(f));
    expect(outside).toEqual([]);
    const notJsOrDts = files.filter((f) => f.startsWith("dist/src/") && !f.endsWith(".js") && !f.endsWith(".d.ts"));
    expect(notJsOrDts).toEqual([]);
    const sources = listFiles(join(repo, "src")).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    expect(sources.length).toBeGreaterThan(50);
    const missing = sources.flatMap((f) => {
      const base = `dist/src/${f.slice(0, -".ts".length)}`;
      return [`${base}.js`, `${base}.d.ts`].filter((g) => !files.includes(g));
    });
    expect(missing).toEqual([]);
  });
});

describe("the installed package", () => {
  const check = (name: string): void => {
    const { ok, stdout, output } = outcome(name);
    expect(ok, output).toBe(true);
    const { shape, values } = JSON.parse(stdout.trim().split("\n").at(-1)!) as { shape: number[]; values: number[] };
    expect(shape).toEqual([xs.length]);
    values.forEach((v, i) => expect(v).toBeCloseTo(closedForm[i]!, 5));
  };
  const typeChecked = (name: string): void => {
    const { ok, output } = outcome(name);
    expect(ok, output).toBe(true);
  };

  it("loads with import (.mjs) and computes grad of Σ x·sin x as sin x + x·cos x", () => check("import"));
  it("loads with require (.cjs) and computes the same gradient", () => check("require"));
  it("type-checks a user's program under moduleResolution node16", () => typeChecked("node16"));
  it("type-checks a user's program under moduleResolution bundler", () => typeChecked("bundler"));
  it("type-checks a CommonJS program (require of the ES module) under module node20", () => typeChecked("cjs"));
  it("fluxion/laws loads (with its peer fast-check) and catches a wrong customVjp with a shrunk counterexample", () => {
    const { ok, stdout, output } = outcome("laws");
    expect(ok, output).toBe(true);
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({ caught: true });
  });
  it("type-checks a program using fluxion/laws under moduleResolution node16", () => typeChecked("lawsTypes"));
  it("a wrong program fails the type check (the checks above can fail)", () => {
    const { ok, output } = outcome("wrong");
    expect(ok).toBe(false);
    expect(output).toMatch(/TS2322/);
  });
});
