/**
 * The API reference (typedoc, `npm run docs:api`) is complete: run in-process with typedoc.json's
 * options (no output written), the conversion and its validation log no warning — no exported type
 * that refers to an unexported one outside typedoc.json's `intentionallyNotExported`, no broken
 * `{@link}` — and every name exported from src/index.ts and src/laws/index.ts, and every member of
 * their namespaces (`np.sum`, `np.linalg.svd`, `lax.scan`), has an entry with a TSDoc comment.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  Application,
  type DeclarationReflection,
  Logger,
  LogLevel,
  type ProjectReflection,
  ReferenceReflection,
  type Reflection,
  ReflectionKind,
} from "typedoc";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** A logger that keeps what typedoc says at warning level and above. */
class Recorder extends Logger {
  readonly messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push(message);
  }
}

let project: ProjectReflection;
let logged: string[];

beforeAll(async () => {
  const { $schema: _schema, out: _out, ...options } = JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8")) as Record<string, unknown>;
  const app = await Application.bootstrap({
    ...options,
    entryPoints: (options.entryPoints as string[]).map((p) => join(root, p)),
    tsconfig: join(root, options.tsconfig as string),
    // tsc -p already type-checks src/; skipping typedoc's own pass halves the time.
    skipErrorChecking: true,
  });
  const recorder = new Recorder();
  app.logger = recorder;
  const converted = await app.convert();
  if (converted === undefined) throw new Error(`typedoc could not convert the sources:\n${recorder.messages.join("\n")}`);
  app.validate(converted);
  project = converted;
  logged = recorder.messages;
}, 180_000);

/** The declaration a reference (a re-export such as `lax.stopGradient`) points at. */
const resolve = (r: Reflection): Reflection => (r instanceof ReferenceReflection ? r.tryGetTargetReflectionDeep() ?? r : r);

function documented(r: Reflection): boolean {
  const d = resolve(r) as DeclarationReflection;
  return (
    d.hasComment() ||
    (d.signatures ?? []).some((s) => s.hasComment()) ||
    (d.getSignature?.hasComment() ?? false) ||
    (d.type?.type === "reflection" && (d.type.declaration.signatures ?? []).some((s) => s.hasComment()))
  );
}

/** `name` for every export of a module, and `ns.name` for every member of its namespaces, recursively. */
function entries(children: readonly DeclarationReflection[] | undefined, prefix = ""): [string, Reflection][] {
  return (children ?? []).flatMap((c) => {
    const own: [string, Reflection][] = [[prefix + c.name, c]];
    const target = resolve(c) as DeclarationReflection;
    return target.kind === ReflectionKind.Namespace ? [...own, ...entries(target.children, `${prefix}${c.name}.`)] : own;
  });
}

const moduleOf = (name: string): DeclarationReflection => {
  const m = project.children?.find((c) => c.name === name);
  if (m === undefined) throw new Error(`typedoc has no module ${name}: ${project.children?.map((c) => c.name).join(", ")}`);
  return m;
};

describe("the API reference (typedoc)", () => {
  it("converts and validates without a warning", () => {
    expect(logged).toEqual([]);
  });

  it.each([
    ["index", "../../src/index.js"],
    ["laws", "../../src/laws/index.js"],
  ])("has an entry for every run-time export of %s", async (name, path) => {
    const runtime = Object.keys((await import(path)) as object).sort();
    const documentedNames = new Set((moduleOf(name).children ?? []).map((c) => c.name));
    expect(runtime.length).toBeGreaterThan(name === "index" ? 40 : 3);
    expect(runtime.filter((n) => !documentedNames.has(n))).toEqual([]);
  });

  it("has a TSDoc comment for every export and every namespace member", () => {
    const all = [...entries(moduleOf("index").children), ...entries(moduleOf("laws").children, "laws:")];
    // The namespaces hold hundreds of functions; a count guards against an entry point that resolved to nothing.
    expect(all.length).toBeGreaterThan(500);
    for (const ns of ["np.sum", "np.linalg.svd", "np.fft.fft", "lax.scan", "random.normal", "laws:checkCustomRule", "grad", "Tensor"]) {
      expect(all.some(([n]) => n === ns), ns).toBe(true);
    }
    expect(all.filter(([, r]) => !documented(r)).map(([n]) => n)).toEqual([]);
  });
});
