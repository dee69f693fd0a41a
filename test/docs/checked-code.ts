/**
 * Checked comments in documentation code: a line `expr; // value` (or `const name = expr; // value`)
 * becomes a check that `expr` evaluates to `value` when the comment starts with a number, `true` /
 * `false`, a quoted string or an array of numbers; a number is compared to the digits it is written
 * with (`// 0.841` means 0.841 ± 0.0005; `// 12` means 12 to 1e-6). `stmt; // throws XError: …` (or
 * `stmt;` followed by a line `// XError: …`) checks that the statement throws that class. Any other
 * comment is prose. The same language as the TSDoc `@example` checker (tsdoc-examples.test.ts).
 */
import { expect } from "vitest";

/** A promised value from a comment, as source text of a JS value, or undefined when the comment is prose. */
export function promised(comment: string): string | undefined {
  const c = comment.trim();
  const number = /^-?\d+(?:\.\d+)?(?:e-?\d+)?(?=$|[\s,:])/.exec(c);
  if (number) return number[0];
  const bool = /^(true|false)(?=$|[\s,:])/.exec(c);
  if (bool) return bool[0];
  const quoted = /^(["'])(.*)\1$/.exec(c);
  if (quoted) return quoted[2]!.includes("…") ? undefined : JSON.stringify(quoted[2]); // an elided text is prose
  const array = /^\[[-\d.,\s[\]e]*\](?=$|[\s,:])/.exec(c);
  if (array) return array[0];
  return undefined;
}

/** Digits after the point of a promised number (or the most of any number in an array). */
export const decimals = (text: string): number => Math.max(0, ...[...text.matchAll(/\d+\.(\d+)/g)].map((m) => m[1]!.length));

/**
 * The code with each checked line followed by a push onto `__checks` of `[text, value, promised,
 * decimals]`, line for line (line i of the result is line i of `code`); the code must have `__checks`, `__value` (tensors to nested arrays) and `__throws`
 * (the name of the error a thunk throws, or "nothing") in scope.
 */
export function withChecks(code: string): { code: string; count: number } {
  const lines = code.split("\n");
  let count = 0;
  const out = lines.map((line, i) => {
    const next = lines[i + 1] ?? "";
    const thrownNext = /^(.*?);\s*$/.test(line) ? /^\s*\/\/\s*(\w*Error):/.exec(next) : null;
    const thrower = /^(.*?);\s*\/\/\s*throws (\w*Error)\b/.exec(line) ?? (thrownNext ? [line, line.replace(/;\s*$/, ""), thrownNext[1]!] : null);
    if (thrower) {
      count++;
      return `__checks.push([${JSON.stringify(thrower[1]!.trim())}, __throws(() => { ${thrower[1]}; }), ${JSON.stringify(thrower[2])}, 0]);`;
    }
    const m = /^(.*?);\s*\/\/\s*(.*)$/.exec(line);
    if (m === null) return line;
    const want = promised(m[2]!);
    if (want === undefined) return line;
    const stmt = m[1]!;
    if (/^\s*(?:const|let)\s+[[{]/.test(stmt)) return line; // a destructuring: its comment is prose
    const decl = /^\s*(?:const|let)\s+(\w+)\s*(?::[^=]+)?=/.exec(stmt);
    const value = decl ? decl[1]! : stmt;
    count++;
    return `${decl ? `${stmt}; ` : ""}__checks.push([${JSON.stringify(stmt.trim())}, __value(${value}), ${want}, ${decimals(want)}]);`;
  });
  return { code: out.join("\n"), count };
}

/** The preamble a generated module needs for `withChecks`' code; `tensor` is the import path of the package root. */
export const checkPreamble = (root: string): string =>
  [
    `import { Tensor as __Tensor } from "${root}";`,
    "export const __checks: [string, unknown, unknown, number][] = [];",
    "const __value = (x: unknown): unknown => x instanceof __Tensor ? x.toArray() : Array.isArray(x) ? x.map(__value) : x;",
    'const __throws = (f: () => unknown): string => { try { f(); } catch (e) { return (e as Error).name; } return "nothing"; };',
  ].join("\n");

/** Expects `got` to be `want` (numbers to `places` digits after the point, arrays elementwise). */
export function expectMatches(got: unknown, want: unknown, places: number, what: string): void {
  if (typeof want === "number") {
    const tol = places === 0 ? 1e-6 * Math.max(1, Math.abs(want)) : 0.5 * 10 ** -places + 1e-7 * Math.abs(want);
    expect(typeof got, `${what}: expected a number, got ${String(got)}`).toBe("number");
    expect(Math.abs((got as number) - want), `${what} = ${String(got)}, the text or example says ${want}`).toBeLessThanOrEqual(tol);
    return;
  }
  if (Array.isArray(want)) {
    expect(Array.isArray(got), `${what}: expected an array, got ${JSON.stringify(got)}`).toBe(true);
    expect((got as unknown[]).length, `${what}: length`).toBe(want.length);
    want.forEach((w, i) => expectMatches((got as unknown[])[i], w, places, `${what}[${i}]`));
    return;
  }
  expect(got, what).toEqual(want);
}
