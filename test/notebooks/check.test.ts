/**
 * scripts/notebooks/check.py, the checker CI runs on the executed notebooks: it passes the committed
 * notebooks (executed, with outputs) and fails, naming the cell, on each kind of problem it exists
 * to catch — an error output, a cell that did not run, a graph cell without a picture, a missing or
 * too low accuracy, another kernel.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const checker = join(root, "scripts/notebooks/check.py");
const notebooksDir = join(root, "docs/notebooks");
const committed = readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).map((f) => join(notebooksDir, f));
const work = mkdtempSync(join(tmpdir(), "fluxion-nbcheck-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function check(...paths: string[]): { code: number; out: string } {
  const r = spawnSync("python3", [checker, ...paths], { encoding: "utf8" });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

type Json = Record<string, any>;
const training = committed.find((p) => /train/.test(p))!;

/** A copy of the training notebook changed by `edit`, written to the temp folder. */
function variant(name: string, edit: (nb: Json) => void): string {
  const nb = JSON.parse(readFileSync(training, "utf8")) as Json;
  edit(nb);
  const path = join(work, name);
  writeFileSync(path, JSON.stringify(nb));
  return path;
}
const tagged = (nb: Json, tag: string): Json => nb.cells.find((c: Json) => c.metadata?.tags?.includes(tag));

describe("check.py", () => {
  it("passes the committed notebooks", () => {
    const r = check(...committed);
    expect(r.out).toContain(`notebooks: ${committed.length} passed, 0 failed`);
    expect(r.code).toBe(0);
  });

  const failures: [string, (nb: Json) => void, RegExp][] = [
    ["an error output", (nb) => {
      nb.cells.find((c: Json) => c.cell_type === "code").outputs.push({ output_type: "error", ename: "TypeError", evalue: "boom", traceback: [] });
    }, /code cell \d+ .* raised TypeError: boom/],
    ["a cell that did not run", (nb) => {
      nb.cells.find((c: Json) => c.cell_type === "code").execution_count = null;
    }, /did not run/],
    ["a graph cell without a picture", (nb) => {
      const cell = tagged(nb, "graph");
      cell.outputs = cell.outputs.map((o: Json) => (o.data ? { ...o, data: { "text/plain": o.data["text/plain"] } } : o));
    }, /tagged 'graph' but displayed no image\/svg\+xml or text\/html picture/],
    ["an accuracy below the stated one", (nb) => {
      nb.metadata.fluxion.min_accuracy = 0.999;
    }, /test accuracy 0\.\d+ is below the stated 0\.999/],
    ["no accuracy printed", (nb) => {
      tagged(nb, "accuracy").outputs = [];
    }, /no cell tagged 'accuracy' printed/],
    ["another kernel", (nb) => {
      nb.metadata.kernelspec.name = "python3";
    }, /kernelspec is not Deno's/],
  ];
  it("fails on each problem, naming the notebook and the cell", () => {
    // One run over every variant (starting Python is the slow part), each file's lines read apart.
    const paths = failures.map(([what, edit]) => variant(`${what.replace(/\W+/g, "-")}.ipynb`, edit));
    const r = check(...paths);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`notebooks: 0 passed, ${failures.length} failed`);
    failures.forEach(([what, , message], i) => {
      const name = paths[i]!.split("/").pop()!;
      const lines = r.out.split("\n").filter((l) => l.startsWith(`FAIL ${name}:`));
      expect({ what, lines: lines.some((l) => message.test(l)) }).toEqual({ what, lines: true });
    });
  });
});
