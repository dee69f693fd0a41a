/**
 * `npm run example:onnx`: ONNX in and out, on the handwritten digits of `npm run demo`.
 *
 * 1. Trains an MLP (64-64-10, tanh) with one `onnx.compile`d step — valueAndGrad of the
 *    cross-entropy plus an Adam update, run as a single ONNX Runtime session.
 * 2. Exports the trained model (its weights baked in as initializers) to
 *    examples/out/digits-mlp.onnx, for any ONNX runtime (docs/guides/onnx.md shows Python's).
 * 3. Imports that file back with `onnx.importModel`, checks it predicts as fluxion does, and
 *    fine-tunes its last layer with `grad` through the imported function.
 *
 * Needs onnxruntime-node (a dev dependency here; an optional peer dependency for users).
 */
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { type Tensor, grad, nn, np, onnx, optim, random, trace, valueAndGrad } from "../src/index.js";
import { examplesUrl, loadDigits } from "./digits.js";

type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };

const HIDDEN = 64;
const CLASSES = 10;

const forward = (p: Params, x: Tensor): Tensor => np.add(np.matmul(np.tanh(np.add(np.matmul(x, p.w1), p.b1)), p.w2), p.b2);
const loss = (p: Params, x: Tensor, y: Tensor): Tensor => np.neg(np.mean(np.sum(np.mul(nn.logSoftmax(forward(p, x)), y), -1)));
const accuracy = (scores: Tensor, labels: Uint8Array): number => {
  const predicted = np.argmax(scores, -1).toArray() as number[];
  return predicted.filter((c, i) => c === labels[i]).length / labels.length;
};

/** Trains, exports, imports and fine-tunes; returns what it measured. */
export async function run(epochs = 200): Promise<{ trained: number; imported: number; fineTuned: number; samePredictions: boolean }> {
  const { x, y, count } = loadDigits();
  const split = Math.floor(count * 0.8);
  const images = np.array(x).reshape([count, 64]);
  const onehot = nn.oneHot(np.array(Int32Array.from(y), { dtype: "int32" }), CLASSES);
  const [trainX, testX] = [images.slice([0, split]), images.slice([split, count])];
  const [trainY] = [onehot.slice([0, split])];
  const testLabels = y.slice(split);

  const [k1, k2] = random.split(random.key(0), 2);
  let params: Params = {
    w1: random.normal(k1!, [64, HIDDEN]).mul(0.1), b1: np.zeros([HIDDEN]),
    w2: random.normal(k2!, [HIDDEN, CLASSES]).mul(0.1), b2: np.zeros([CLASSES]),
  };
  const opt = optim.adam(0.01);
  let state = opt.init(params);
  const step = onnx.compile((p: Params, s: typeof state, xb: Tensor, yb: Tensor) => {
    const [l, g] = valueAndGrad(loss)(p, xb, yb);
    const [updates, next] = opt.update(g, s, p);
    return [l, optim.applyUpdates(p, updates), next] as const;
  });
  for (let epoch = 0; epoch < epochs; epoch++) [, params, state] = await step(params, state, trainX, trainY);
  const trained = accuracy(forward(params, testX), testLabels);

  // Export the forward pass with the trained weights as constants: they become initializers.
  const trainedParams = params;
  const bytes = onnx.exportGraph(trace((v: Tensor) => forward(trainedParams, v))(testX));
  const file = new URL("digits-mlp.onnx", examplesUrl("out/"));
  writeFileSync(file, bytes);

  // Import it as any .onnx file would be, and fine-tune only its last layer. Shapes are static in
  // an exported graph (traced at the test set's batch of 360), so fine-tuning uses batches of 360.
  const model = onnx.importModel(bytes);
  const scores = model.fn(model.params, testX) as Tensor;
  const imported = accuracy(scores, testLabels);
  const samePredictions = (np.argmax(scores, -1).toArray() as number[]).every((c, i) => c === (np.argmax(forward(params, testX), -1).toArray() as number[])[i]);
  const last = Object.keys(model.params).find((k) => model.params[k]!.shape.join() === `${HIDDEN},${CLASSES}`)!;
  const [tuneX, tuneY] = [trainX.slice([0, testX.shape[0]!]), trainY.slice([0, testX.shape[0]!])];
  const tuneLoss = (w: Tensor): Tensor => np.neg(np.mean(np.sum(np.mul(nn.logSoftmax(model.fn({ ...model.params, [last]: w }, tuneX) as Tensor), tuneY), -1)));
  let w = model.params[last]!;
  const before = tuneLoss(w).item();
  for (let i = 0; i < 20; i++) w = w.sub(grad(tuneLoss)(w).mul(0.5));
  const after = tuneLoss(w).item();
  const fineTuned = accuracy(model.fn({ ...model.params, [last]: w }, testX) as Tensor, testLabels);
  console.log(`trained through onnx.compile: ${(trained * 100).toFixed(1)} % on ${testLabels.length} held-out digits`);
  console.log(`exported ${bytes.length} bytes to ${file.pathname}; imported back: ${(imported * 100).toFixed(1)} %, same predictions: ${samePredictions}`);
  console.log(`last layer fine-tuned through the imported model: loss ${before.toFixed(4)} → ${after.toFixed(4)}, ${(fineTuned * 100).toFixed(1)} % held out`);
  return { trained, imported, fineTuned, samePredictions };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then((r) => {
    if (!r.samePredictions || r.trained < 0.85) process.exitCode = 1;
  });
}
