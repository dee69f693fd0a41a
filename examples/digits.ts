/**
 * `npm run demo`: trains a small convolutional network on the handwritten digits that
 * scikit-learn ships (1,797 8×8 grey images, CC BY 4.0; converted once by scripts/gen-digits.py
 * into examples/data/digits.json), with one jitted training step — `valueAndGrad` of the
 * cross-entropy plus an Adam update — and reports the test accuracy, a loss curve in the terminal,
 * and the forward and backward passes of one step (traceVjp) drawn as SVG.
 *
 * The network: conv 3×3 (1→16) · relu · max-pool 2×2 · conv 3×3 (16→32) · relu · max-pool 2×2 ·
 * dense (128→10), NHWC, float32. 80 % of the images (shuffled with a fixed seed) train it, the
 * other 20 % test it.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type Tensor, jit, lax, nn, np, optim, random, toHtml, toSvg, trace, traceVjp, valueAndGrad } from "../src/index.js";
import type { AdamState } from "../src/optim/index.js";

interface Digits {
  count: number;
  height: number;
  width: number;
  images: string;
  labels: string;
}

type Params = { c1: Tensor; b1: Tensor; c2: Tensor; b2: Tensor; w: Tensor; b: Tensor };

const EPOCHS = 20;
const BATCH = 64;
const CLASSES = 10;

/** `examples/<path>` of the repository, from the source file (tests) or its build in dist/ (the demo). */
export function examplesUrl(path: string): URL {
  const here = new URL(".", import.meta.url);
  return new URL((here.pathname.endsWith("/dist/examples/") ? "../../examples/" : "./") + path, here);
}

/** The images scaled to [0, 1] as [count, 8, 8, 1], and the labels. */
export function loadDigits(): { x: Float32Array; y: Uint8Array; count: number } {
  const raw = JSON.parse(readFileSync(examplesUrl("data/digits.json"), "utf8")) as Digits;
  const pixels = Buffer.from(raw.images, "base64");
  const x = Float32Array.from(pixels, (v) => v / 16);
  return { x, y: new Uint8Array(Buffer.from(raw.labels, "base64")), count: raw.count };
}

/** Glorot-uniform initialisation of every weight, zero biases. */
function initParams(key: Tensor): Params {
  const [k1, k2, k3] = random.split(key, 3);
  const glorot = (k: Tensor, shape: number[], fanIn: number, fanOut: number): Tensor => {
    const a = Math.sqrt(6 / (fanIn + fanOut));
    return random.uniform(k!, shape, { minval: -a, maxval: a });
  };
  return {
    c1: glorot(k1!, [3, 3, 1, 16], 9, 144), b1: np.zeros([16]),
    c2: glorot(k2!, [3, 3, 16, 32], 144, 288), b2: np.zeros([32]),
    w: glorot(k3!, [128, CLASSES], 128, CLASSES), b: np.zeros([CLASSES]),
  };
}

const DN: [string, string, string] = ["NHWC", "HWIO", "NHWC"];

/** Logits of a batch of images [n, 8, 8, 1]. */
function logits(p: Params, images: Tensor): Tensor {
  let h = nn.relu(np.add(lax.convGeneralDilated(images, p.c1, [1, 1], "SAME", { dimensionNumbers: DN }), p.b1));
  h = nn.maxPool(h, [2, 2], { strides: [2, 2] });
  h = nn.relu(np.add(lax.convGeneralDilated(h, p.c2, [1, 1], "SAME", { dimensionNumbers: DN }), p.b2));
  h = nn.maxPool(h, [2, 2], { strides: [2, 2] });
  return np.add(np.matmul(np.reshape(h, [h.shape[0]!, 128]), p.w), p.b);
}

/** Mean softmax cross-entropy against one-hot labels. */
const loss = (p: Params, images: Tensor, onehot: Tensor): Tensor =>
  np.neg(np.mean(np.sum(np.mul(onehot, nn.logSoftmax(logits(p, images))), -1)));

/** A terminal sparkline of `values` (one character per point, `width` points at most). */
function sparkline(values: number[], width = 60): string {
  const ticks = "▁▂▃▄▅▆▇█";
  const step = Math.max(1, Math.ceil(values.length / width));
  const points = values.filter((_, i) => i % step === 0);
  const lo = Math.min(...points), hi = Math.max(...points);
  return points.map((v) => ticks[Math.min(7, Math.floor(((v - lo) / (hi - lo || 1)) * 8))]).join("");
}

/** A one-line progress bar, redrawn in place. */
function progress(done: number, total: number, text: string): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stdout.write(`\r[${"█".repeat(filled)}${"░".repeat(width - filled)}] ${done}/${total} ${text}   `);
  if (done === total) process.stdout.write("\n");
}

/** What one training run gives: the loss per step, the held-out accuracy, the trained parameters. */
export interface TrainResult {
  losses: number[];
  accuracy: number;
  testCount: number;
  params: Params;
  /** A batch of 8 training images and their one-hot labels, for drawing one step. */
  sample: { images: Tensor; onehot: Tensor };
}

/**
 * Trains the network for `epochs` passes over the training 80 % and measures it on the other 20 %;
 * `onStep(done, total, loss)` is called after every step (the progress bar).
 */
export function train(epochs = EPOCHS, onStep: (done: number, total: number, loss: number) => void = () => {}): TrainResult {
  const { x, y, count } = loadDigits();
  const order = Array.from(random.permutation(random.key(42), count).toArray() as number[]);
  const nTrain = Math.floor(count * 0.8);
  const pick = (idx: number[]): { images: Tensor; onehot: Tensor; labels: number[] } => {
    const images = new Float32Array(idx.length * 64);
    idx.forEach((j, i) => images.set(x.subarray(j * 64, j * 64 + 64), i * 64));
    const labels = idx.map((j) => y[j]!);
    return { images: np.array(images).reshape([idx.length, 8, 8, 1]), onehot: nn.oneHot(np.array(labels, { dtype: "int32" }), CLASSES), labels };
  };
  const test = pick(order.slice(nTrain));

  const opt = optim.adam(3e-3);
  let params = initParams(random.key(0));
  let state = opt.init(params);
  const step = jit((p: Params, s: AdamState, images: Tensor, onehot: Tensor) => {
    const [value, grads] = valueAndGrad(loss)(p, images, onehot) as [Tensor, Params];
    const [updates, next] = opt.update(grads, s);
    return [value, optim.applyUpdates(p, updates), next] as [Tensor, Params, AdamState];
  });

  const losses: number[] = [];
  const batches = Math.floor(nTrain / BATCH);
  for (let epoch = 0; epoch < epochs; epoch++) {
    const shuffled = Array.from(random.permutation(random.foldIn(random.key(1), epoch), nTrain).toArray() as number[]).map((i) => order[i]!);
    for (let b = 0; b < batches; b++) {
      const batch = pick(shuffled.slice(b * BATCH, (b + 1) * BATCH));
      const [value, nextParams, nextState] = step(params, state, batch.images, batch.onehot);
      params = nextParams;
      state = nextState;
      losses.push(value.item());
      onStep(epoch * batches + b + 1, epochs * batches, losses[losses.length - 1]!);
    }
  }
  const predictions = np.argmax(logits(params, test.images), -1).toArray() as number[];
  const accuracy = predictions.filter((p, i) => p === test.labels[i]).length / test.labels.length;
  const { images, onehot } = pick(order.slice(0, 8));
  return { losses, accuracy, testCount: test.labels.length, params, sample: { images, onehot } };
}

function main(): void {
  const started = performance.now();
  const { losses, accuracy, testCount, params, sample } = train(EPOCHS, (done, total, value) =>
    progress(done, total, `loss ${value.toFixed(4)}`),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`loss ${sparkline(losses)}  ${losses[0]!.toFixed(3)} → ${losses[losses.length - 1]!.toFixed(3)}`);
  console.log(`test accuracy ${(accuracy * 100).toFixed(1)} % on ${testCount} held-out digits, ${seconds.toFixed(1)} s`);

  // One step's forward and backward pass as pictures: the whole gradient step in one graph (the
  // two passes in two colours, residual edges marked), and the split reverse mode makes (traceVjp).
  const out = examplesUrl("out/");
  mkdirSync(out, { recursive: true });
  const step = trace(valueAndGrad(loss))(params, sample.images, sample.onehot);
  const { forward, backward, residuals } = traceVjp(loss)(params, sample.images, sample.onehot);
  for (const [name, graph] of [["step", step], ["forward", forward], ["backward", backward]] as const) {
    const svg = new URL(`digits-${name}.svg`, out);
    const html = new URL(`digits-${name}.html`, out);
    writeFileSync(svg, toSvg(graph));
    writeFileSync(html, toHtml(graph));
    const what = name === "step" ? "the gradient step, both passes" : `the ${name} pass of one step`;
    console.log(`${what} (${graph.equations.length} equations): ${svg.pathname} and ${html.pathname} (interactive)`);
  }
  console.log(`the backward pass keeps ${residuals.length} residuals from the forward pass`);
  if (accuracy < 0.97) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
