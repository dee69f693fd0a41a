/**
 * The ONNX checker for the export tests: Python's `onnx.checker.check_model(full_check=True)` (with
 * shape inference, through Loop/Scan/If bodies) over every model a test file exported. CI installs
 * Python's onnx; where it is missing the check is skipped with a warning, not failed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** True where python3 can import the named modules. */
export function pythonHas(modules: string): boolean {
  try {
    execFileSync("python3", ["-c", `import ${modules}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `models` (name, bytes) to a fresh directory and runs the ONNX checker on each; returns the
 * directory and how many the checker accepted (it throws on the first it rejects), or undefined
 * when python3 has no onnx package.
 */
export function checkModels(models: readonly (readonly [string, Uint8Array])[], label: string): { dir: string; accepted: number } | undefined {
  if (!pythonHas("onnx")) {
    console.warn(`[onnx] python3 with the onnx package not found: the ONNX checker was not run on ${label}'s models (CI installs it)`);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), `fluxion-onnx-${label}-`));
  const files = models.map(([name, bytes]) => {
    const file = join(dir, `${name}.onnx`);
    writeFileSync(file, bytes);
    return file;
  });
  const script = "import sys, onnx\nfor f in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(f), full_check=True)\nprint(len(sys.argv) - 1)";
  return { dir, accepted: Number(execFileSync("python3", ["-c", script, ...files], { encoding: "utf8" }).trim()) };
}
