/**
 * W2: `valueAndGrad` of the mean softmax cross-entropy of an MLP 784-512-10 with a tanh hidden
 * layer, with respect to all parameters (w1, b1, w2, b2), float32, batch 256, in ms per call:
 * one training step's worth of autodiff, dominated by two 256×784×512 matmuls (forward and
 * w1's gradient). Every engine reads the loss and all four gradients back; the checked output is
 * the loss and four entries of each gradient, against a float64 forward and backward pass
 * written out by hand below.
 */
import { prng, uniformF32 } from "../data.js";
import { fluxionEngines, type FxTensor } from "../engines/fluxion.js";
import { jaxEngines, type JaxArray } from "../engines/jax.js";
import { tfjsEngines, type TfTensor } from "../engines/tfjs.js";
import { xlaEngine } from "../engines/xla.js";
import { defineWorkload, type Workload } from "../harness.js";

const B = 256;
const D = 784;
const H = 512;
const C = 10;

/** The MLP's parameters, by name (a type alias, not an interface, so it is a jax-js pytree). */
type Params<T> = { w1: T; b1: T; w2: T; b2: T };
type ParamName = keyof Params<unknown>;
const PARAM_NAMES: readonly ParamName[] = ["w1", "b1", "w2", "b2"];

/** The gradient entries checked, per parameter: corners and a couple of interior points. */
const CHECKED: Readonly<Params<readonly number[]>> = {
  w1: [0, 12_345, 200_000, D * H - 1],
  b1: [0, 100, 300, H - 1],
  w2: [0, 1_234, 3_000, H * C - 1],
  b2: [0, 3, 6, C - 1],
};

interface MlpInputs {
  /** Batch of inputs, B×D row-major, uniform in [0, 1) like pixel intensities. */
  x: Float32Array;
  /** One-hot labels, B×C row-major. */
  y: Float32Array;
  /** Glorot-uniform weights, small uniform biases. */
  params: Params<Float32Array>;
}

function mlpInputs(): MlpInputs {
  const labels = prng(22);
  const y = new Float32Array(B * C);
  for (let b = 0; b < B; b++) y[b * C + Math.floor(labels() * C)] = 1;
  const a1 = Math.sqrt(6 / (D + H));
  const a2 = Math.sqrt(6 / (H + C));
  return {
    x: uniformF32(B * D, 21, 0, 1),
    y,
    params: {
      w1: uniformF32(D * H, 23, -a1, a1),
      b1: uniformF32(H, 24, -0.1, 0.1),
      w2: uniformF32(H * C, 25, -a2, a2),
      b2: uniformF32(C, 26, -0.1, 0.1),
    },
  };
}

/** The checked output: the loss, then the {@link CHECKED} entries of each gradient, in order. */
function select(loss: number, grads: Params<ArrayLike<number>>): Float64Array {
  const out = [loss];
  for (const name of PARAM_NAMES) for (const i of CHECKED[name]) out.push(grads[name][i]);
  return Float64Array.from(out);
}

/**
 * The float64 reference: forward pass, log-softmax, mean cross-entropy, then the backward pass
 * by the chain rule (dlogits = (softmax − y)/B, dz = (dlogits·w2ᵀ) ⊙ (1 − h²)). Plain loops,
 * the forward product ordered to read w1 along rows; every child process computes this once.
 * Only the {@link CHECKED} entries of w1's gradient are filled in.
 */
function referenceStep({ x, y, params: p }: MlpInputs): { loss: number; grads: Params<Float64Array> } {
  const h = new Float64Array(B * H);
  for (let b = 0; b < B; b++) {
    const z = h.subarray(b * H, (b + 1) * H);
    z.set(p.b1);
    for (let k = 0; k < D; k++) {
      const xv = x[b * D + k];
      for (let j = 0; j < H; j++) z[j] += xv * p.w1[k * H + j];
    }
    for (let j = 0; j < H; j++) z[j] = Math.tanh(z[j]);
  }
  let loss = 0;
  const dlogits = new Float64Array(B * C);
  for (let b = 0; b < B; b++) {
    const logits = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      let s = p.b2[c];
      for (let j = 0; j < H; j++) s += h[b * H + j] * p.w2[j * C + c];
      logits[c] = s;
    }
    const m = Math.max(...logits);
    let sumExp = 0;
    for (let c = 0; c < C; c++) sumExp += Math.exp(logits[c] - m);
    const logZ = m + Math.log(sumExp);
    for (let c = 0; c < C; c++) {
      loss -= (y[b * C + c] * (logits[c] - logZ)) / B;
      dlogits[b * C + c] = (Math.exp(logits[c] - logZ) - y[b * C + c]) / B;
    }
  }
  const g = { w1: new Float64Array(D * H), b1: new Float64Array(H), w2: new Float64Array(H * C), b2: new Float64Array(C) };
  const dz = new Float64Array(B * H);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) g.b2[c] += dlogits[b * C + c];
    for (let j = 0; j < H; j++) {
      const hv = h[b * H + j];
      let dh = 0;
      for (let c = 0; c < C; c++) {
        g.w2[j * C + c] += hv * dlogits[b * C + c];
        dh += dlogits[b * C + c] * p.w2[j * C + c];
      }
      dz[b * H + j] = dh * (1 - hv * hv);
      g.b1[j] += dz[b * H + j];
    }
  }
  // w1's gradient xᵀ·dz only at the checked entries: the full product would double the cost.
  for (const i of CHECKED.w1) {
    const k = Math.floor(i / H);
    const j = i % H;
    for (let b = 0; b < B; b++) g.w1[i] += x[b * D + k] * dz[b * H + j];
  }
  return { loss, grads: g };
}

/** `rows`×`cols` row-major `a` transposed into a new array (cols×rows). */
function transposed(a: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

/**
 * out (m×n) = a (m×k) · btᵀ, where `bt` is n×k: both operands stream along k, and a 4×2 tile
 * of out stays in local variables (registers), summed in float64 and rounded once — the kernel
 * of W6's hand-JS matmul. Needs m divisible by 4 and n by 2.
 */
function matmulTransB(a: Float32Array, bt: Float32Array, m: number, n: number, k: number, out: Float32Array): void {
  for (let i = 0; i < m; i += 4) {
    const a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
    for (let j = 0; j < n; j += 2) {
      const b0 = j * k, b1 = b0 + k;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let q = 0; q < k; q++) {
        const y0 = bt[b0 + q], y1 = bt[b1 + q];
        let x = a[a0 + q];
        s00 += x * y0; s01 += x * y1;
        x = a[a1 + q];
        s10 += x * y0; s11 += x * y1;
        x = a[a2 + q];
        s20 += x * y0; s21 += x * y1;
        x = a[a3 + q];
        s30 += x * y0; s31 += x * y1;
      }
      const o = i * n + j;
      out[o] = s00; out[o + 1] = s01;
      out[o + n] = s10; out[o + n + 1] = s11;
      out[o + 2 * n] = s20; out[o + 2 * n + 1] = s21;
      out[o + 3 * n] = s30; out[o + 3 * n + 1] = s31;
    }
  }
}

/**
 * The same step as a good plain-JS program on Float32Array storage. The two big products
 * (x·w1 and w1's gradient xᵀ·dz) go through {@link matmulTransB} after transposing the operand
 * that would otherwise be read across rows (w1, x and dz: 0.7M element copies against 206M
 * multiply-adds); the small ones (h·w2 and friends, 2.6M) are plain loops.
 */
function handStep({ x, y, params: p }: MlpInputs): { loss: number; grads: Params<Float32Array> } {
  const h = new Float32Array(B * H);
  matmulTransB(x, transposed(p.w1, D, H), B, H, D, h);
  for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) h[b * H + j] = Math.tanh(h[b * H + j] + p.b1[j]);
  let loss = 0;
  const dlogits = new Float32Array(B * C);
  const logits = new Float64Array(C);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) logits[c] = p.b2[c];
    for (let j = 0; j < H; j++) {
      const hv = h[b * H + j];
      for (let c = 0; c < C; c++) logits[c] += hv * p.w2[j * C + c];
    }
    let m = -Infinity;
    for (let c = 0; c < C; c++) m = Math.max(m, logits[c]);
    let sumExp = 0;
    for (let c = 0; c < C; c++) sumExp += Math.exp(logits[c] - m);
    const logZ = m + Math.log(sumExp);
    for (let c = 0; c < C; c++) {
      loss -= y[b * C + c] * (logits[c] - logZ);
      dlogits[b * C + c] = (Math.exp(logits[c] - logZ) - y[b * C + c]) / B;
    }
  }
  const g = { w1: new Float32Array(D * H), b1: new Float32Array(H), w2: new Float32Array(H * C), b2: new Float32Array(C) };
  const dz = new Float32Array(B * H);
  // Small reductions over the batch accumulate in float64, rounded once into the gradients.
  const gb1 = new Float64Array(H);
  const gb2 = new Float64Array(C);
  const gw2 = new Float64Array(H * C);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < C; c++) gb2[c] += dlogits[b * C + c];
    for (let j = 0; j < H; j++) {
      const hv = h[b * H + j];
      let dh = 0;
      for (let c = 0; c < C; c++) {
        const dl = dlogits[b * C + c];
        gw2[j * C + c] += hv * dl;
        dh += dl * p.w2[j * C + c];
      }
      const d = dh * (1 - hv * hv);
      dz[b * H + j] = d;
      gb1[j] += d;
    }
  }
  g.b1.set(gb1);
  g.b2.set(gb2);
  g.w2.set(gw2);
  matmulTransB(transposed(x, B, D), transposed(dz, B, H), D, H, B, g.w1);
  return { loss: loss / B, grads: g };
}

/** The loss and parameters' gradients, whatever the library; shared by the readers below. */
type StepResult<T> = [T, Params<T>];

/** The MLP workload. */
const workload: Workload = defineWorkload<MlpInputs>({
  id: "W2",
  title: `valueAndGrad of mean softmax cross-entropy, MLP ${D}-${H}-${C} (tanh), all params, float32, batch ${B}`,
  unit: "ms",
  // Loss ≈ 2.3 with float32 rounding ~1e-7 per op; gradient entries are ~1e-3 and a wrong rule
  // moves them by far more than 1e-5.
  tolerance: 1e-5,
  inputs: mlpInputs,
  reference: (inputs) => {
    const { loss, grads } = referenceStep(inputs);
    return select(loss, grads);
  },
  engines: [
    ...fluxionEngines<MlpInputs, [Params<FxTensor>, FxTensor, FxTensor], StepResult<FxTensor>>({
      args: ({ np }, { x, y, params }) => [
        {
          w1: np.array(params.w1, { dtype: "float32" }).reshape([D, H]),
          b1: np.array(params.b1, { dtype: "float32" }),
          w2: np.array(params.w2, { dtype: "float32" }).reshape([H, C]),
          b2: np.array(params.b2, { dtype: "float32" }),
        },
        np.array(x, { dtype: "float32" }).reshape([B, D]),
        np.array(y, { dtype: "float32" }).reshape([B, C]),
      ],
      fn: ({ np, nn, valueAndGrad }) => {
        const loss = (p: Params<FxTensor>, x: FxTensor, y: FxTensor): FxTensor => {
          const h = np.tanh(np.add(np.matmul(x, p.w1), p.b1));
          const logits = np.add(np.matmul(h, p.w2), p.b2);
          return np.neg(np.mean(np.sum(np.mul(nn.logSoftmax(logits), y), -1)));
        };
        // valueAndGrad is typed over `unknown` pytrees; its result mirrors params' structure.
        const vg = valueAndGrad(loss);
        return (p, x, y) => vg(p, x, y) as StepResult<FxTensor>;
      },
      read: ([value, grads]) => {
        const data = { w1: grads.w1.data(), b1: grads.b1.data(), w2: grads.w2.data(), b2: grads.b2.data() };
        return select(value.item(), data);
      },
      onnx: true,
    }),
    {
      name: "hand JS (Float32Array)",
      group: "js",
      setup: async (inputs) => ({
        run: () => {
          const { loss, grads } = handStep(inputs);
          return select(loss, grads);
        },
      }),
    },
    ...jaxEngines<MlpInputs, [Params<JaxArray>, JaxArray, JaxArray], StepResult<JaxArray>>({
      devices: ["wasm"],
      args: ({ numpy: np }, { x, y, params }) => [
        {
          w1: np.array(params.w1, { shape: [D, H] }),
          b1: np.array(params.b1),
          w2: np.array(params.w2, { shape: [H, C] }),
          b2: np.array(params.b2),
        },
        np.array(x, { shape: [B, D] }),
        np.array(y, { shape: [B, C] }),
      ],
      fn: ({ numpy: np, nn, valueAndGrad }) => {
        // Every array is used once, so nothing needs `.ref`.
        const loss = (p: Params<JaxArray>, x: JaxArray, y: JaxArray): JaxArray => {
          const h = np.tanh(np.matmul(x, p.w1).add(p.b1));
          const logits = np.matmul(h, p.w2).add(p.b2);
          return nn.logSoftmax(logits).mul(y).sum(-1).mean().neg();
        };
        return valueAndGrad(loss);
      },
      // dataSync() consumes each leaf it reads.
      read: ([value, grads]) => {
        const data = { w1: grads.w1.dataSync(), b1: grads.b1.dataSync(), w2: grads.w2.dataSync(), b2: grads.b2.dataSync() };
        return select(value.dataSync()[0], data);
      },
    }),
    ...tfjsEngines<MlpInputs, TfTensor[]>({
      args: (tf, { x, y, params }) => [
        tf.tensor2d(params.w1, [D, H]),
        tf.tensor1d(params.b1),
        tf.tensor2d(params.w2, [H, C]),
        tf.tensor1d(params.b2),
        tf.tensor2d(x, [B, D]),
        tf.tensor2d(y, [B, C]),
      ],
      fn: (tf) => (w1, b1, w2, b2, x, y) => {
        // tf.valueAndGrads differentiates with respect to all of its arguments: the parameters;
        // x and y are closed over (a closure per call costs nothing next to the step).
        const loss = (pw1: TfTensor, pb1: TfTensor, pw2: TfTensor, pb2: TfTensor): TfTensor => {
          const h = tf.tanh(tf.add(tf.matMul(x, pw1), pb1));
          const logits = tf.add(tf.matMul(h, pw2), pb2);
          return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), y), -1)));
        };
        const { value, grads } = tf.valueAndGrads(loss)([w1, b1, w2, b2]);
        return [value, ...grads];
      },
      read: ([value, w1, b1, w2, b2]) =>
        select(value.dataSync()[0], { w1: w1.dataSync(), b1: b1.dataSync(), w2: w2.dataSync(), b2: b2.dataSync() }),
    }),
    xlaEngine<MlpInputs>({
      workload: "W2",
      args: ({ x, y, params: p }) => [
        { data: p.w1, shape: [D, H] },
        { data: p.b1, shape: [H] },
        { data: p.w2, shape: [H, C] },
        { data: p.b2, shape: [C] },
        { data: x, shape: [B, D] },
        { data: y, shape: [B, C] },
      ],
      read: ([loss, w1, b1, w2, b2]) => select(loss![0]!, { w1: w1!, b1: b1!, w2: w2!, b2: b2! }),
    }),
  ],
});

export default workload;
