// Draws the example pictures of docs/drawing.md and the README into docs/pictures/, from the built
// package: `npm run build && node scripts/gen-pictures.mjs`. With `--vendor-dagre` it instead
// rewrites src/draw/dagre-source.ts from node_modules/@dagrejs/dagre (after upgrading dagre).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function vendorDagre() {
  const dist = join(root, "node_modules/@dagrejs/dagre");
  const source = readFileSync(join(dist, "dist/dagre.min.js"), "utf8")
    .split("\n")
    .filter((l) => !l.startsWith("//# sourceMappingURL") && !l.startsWith("/*! For license"))
    .join("\n")
    .trim();
  const license = readFileSync(join(dist, "LICENSE"), "utf8").trim();
  const version = JSON.parse(readFileSync(join(dist, "package.json"), "utf8")).version;
  const text = `/**
 * dagre ${version} (https://github.com/dagrejs/dagre), the minified browser build of the package this
 * library depends on, as text: toHtml puts it into the page so the page can lay out again when a
 * scope is collapsed, with no network. Generated from node_modules/@dagrejs/dagre/dist/dagre.min.js
 * by scripts/gen-pictures.mjs --vendor-dagre; do not edit. Its licence (MIT) follows and goes into
 * every page with it.
 */

/** The version of dagre the text below is. */
export const DAGRE_VERSION = ${JSON.stringify(version)};

/** dagre's licence, put into every page above its code. */
export const DAGRE_LICENSE = ${JSON.stringify(license)};

/** dagre's minified browser build: a script that defines \`var dagre\`. */
export const DAGRE_SOURCE = ${JSON.stringify(source)};
`;
  writeFileSync(join(root, "src/draw/dagre-source.ts"), text);
  console.log(`src/draw/dagre-source.ts: dagre ${version}`);
}

async function pictures() {
  const { grad, lax, namedScope, np, toHtml, toSvg, trace, traceVjp } = await import(join(root, "dist/src/index.js"));
  const out = (name, text) => {
    writeFileSync(join(root, "docs/pictures", name), text);
    console.log(`docs/pictures/${name} (${(text.length / 1024).toFixed(0)} KB)`);
  };
  // A two-layer MLP, each layer a named scope, and its mean squared error.
  const dense = (name) => namedScope(name, (W, b, x) => np.matmul(x, W).add(b));
  const loss = (p, x, y) => {
    const h = np.tanh(dense("dense1")(p.W1, p.b1, x));
    return np.mean(np.square(dense("dense2")(p.W2, p.b2, h).sub(y)));
  };
  const params = { W1: np.ones([4, 8]).mul(0.1), b1: np.zeros([8]), W2: np.ones([8, 2]).mul(0.1), b2: np.zeros([2]) };
  const x = np.ones([3, 4]), y = np.zeros([3, 2]);
  const g = trace(grad(loss))(params, x, y);
  out("mlp-grad.svg", toSvg(g));
  out("mlp-grad.html", toHtml(g));
  const { forward, backward, residuals } = traceVjp((p) => loss(p, x, y))(params);
  out("mlp-forward.svg", toSvg(forward, { residualOutputs: residuals.length }));
  out("mlp-backward.svg", toSvg(backward, { residualInputs: residuals.length }));
  // A recurrence as lax.scan: the gradient holds the scan body and its transposed body.
  const rnn = (w, xs) => {
    const [h] = lax.scan((c, xt) => {
      const n = np.tanh(c.mul(w).add(xt));
      return [n, n];
    }, np.zeros([2]), xs);
    return np.sum(h);
  };
  out("scan-grad.svg", toSvg(trace(grad(rnn))(np.ones([2]), np.ones([5, 2]))));
}

if (process.argv.includes("--vendor-dagre")) vendorDagre();
else await pictures();
