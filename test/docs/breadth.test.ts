/**
 * The breadth count in README.md is true: for each namespace, how many names fluxion exports,
 * how many of @jax-js/jax's (the installed version, read from the package itself) it has, and
 * every one it lacks with the reason. `UPDATE_README=1 npx vitest run test/docs/breadth.test.ts`
 * rewrites the section between its markers; without it the test fails when they disagree.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as jaxjs from "@jax-js/jax";
import * as fluxion from "../../src/index.js";

const README = new URL("../../README.md", import.meta.url);
const START = "<!-- breadth:start -->";
const END = "<!-- breadth:end -->";

/** fluxion's namespace ↔ @jax-js/jax's. */
const NAMESPACES = [
  ["np", "numpy"],
  ["nn", "nn"],
  ["random", "random"],
  ["scipySpecial", "scipySpecial"],
  ["lax", "lax"],
  ["np.linalg", "numpy.linalg"],
  ["np.fft", "numpy.fft"],
  ["lax.linalg", "lax.linalg"],
] as const;

/** Why a name @jax-js/jax has is not in fluxion (every missing name needs one). */
const REASONS: Readonly<Record<string, string>> = {
  "np.float16": "fluxion has no float16 dtype (no JS typed array holds it in Node 20)",
  "np.Array": "the array class is exported as `Tensor` at the package root",
  "np.DType": "dtypes are strings (`\"float32\"`); the type is exported as `DType`",
  "lax.bitcastConvertType": "no bitcast primitive yet (32-bit reinterpretation only needs a kernel row)",
};

const names = (o: object): string[] => Object.keys(o).sort();
/** The object at a dotted path (`np.linalg`) of a module namespace. */
const at = (root: object, path: string): object => path.split(".").reduce((o, k) => (o as Record<string, object>)[k]!, root);
const PEER_VERSION = (JSON.parse(readFileSync(new URL("../../node_modules/@jax-js/jax/package.json", import.meta.url), "utf8")) as { version: string }).version;

function breadthSection(): { text: string; unexplained: string[] } {
  const rows: string[] = [];
  const missingLines: string[] = [];
  const unexplained: string[] = [];
  let total = 0, theirs = 0, shared = 0;
  for (const [mine, peer] of NAMESPACES) {
    const ours = names(at(fluxion, mine));
    const peers = names(at(jaxjs, peer));
    const have = peers.filter((n) => ours.includes(n));
    const lack = peers.filter((n) => !ours.includes(n));
    total += ours.length, theirs += peers.length, shared += have.length;
    rows.push(`| \`${mine}\` | ${ours.length} | ${peers.length} | ${have.length} | ${ours.length - have.length} |`);
    for (const n of lack) {
      const key = `${mine}.${n}`;
      const why = REASONS[key];
      if (why === undefined) unexplained.push(key);
      missingLines.push(`- \`${key}\`: ${why ?? "(no reason given)"}`);
    }
  }
  rows.push(`| all | ${total} | ${theirs} | ${shared} | ${total - shared} |`);
  const text = [
    START,
    "| namespace | fluxion names | @jax-js/jax names | of theirs fluxion has | fluxion's beyond theirs |",
    "|---|---:|---:|---:|---:|",
    ...rows,
    "",
    `Names of @jax-js/jax ${PEER_VERSION} that fluxion lacks, and why:`,
    "",
    ...(missingLines.length ? missingLines : ["- none"]),
    END,
  ].join("\n");
  return { text, unexplained };
}

describe("README's breadth count", () => {
  it("gives a reason for every name @jax-js/jax has and fluxion lacks", () => {
    expect(breadthSection().unexplained).toEqual([]);
  });
  it("matches the exports", () => {
    const readme = readFileSync(README, "utf8");
    const { text } = breadthSection();
    const start = readme.indexOf(START), end = readme.indexOf(END);
    expect(start, "README has the breadth markers").toBeGreaterThanOrEqual(0);
    const current = readme.slice(start, end + END.length);
    if (current !== text && process.env.UPDATE_README === "1") {
      writeFileSync(README, readme.slice(0, start) + text + readme.slice(end + END.length));
      return;
    }
    expect(current).toBe(text);
  });
});
