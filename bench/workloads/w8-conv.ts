/**
 * W8: a 3×3 convolution, 64 → 64 channels, over 32×32 images, batch 32, float32, stride 1, SAME
 * padding — forward (W8-fwd) and the gradient of ½·Σy² with respect to both the input and the
 * kernel (W8-grad: the forward pass and both transposes). Reported in GFLOP/s of nominal work
 * (2·B·H·W·Cout·9·Cin = 2.42 GFLOP per convolution, three per gradient).
 *
 * Each engine uses its library's native layout: fluxion and tfjs take NHWC input with an HWIO
 * kernel; jax-js's convolutions take only NCHW/OIHW, so its inputs are the same numbers laid out
 * that way, and its results are read in that layout. Every engine reads its full result back,
 * then the checked entries are picked (by NHWC/HWIO coordinates) and compared with a float64
 * reference computed only at those entries.
 */
import { prng, uniformF32 } from "../data.js";
import { fluxionEngines } from "../engines/fluxion.js";
import { jaxEngines, type JaxArray } from "../engines/jax.js";
import { tfjsEngines, type TfTensor } from "../engines/tfjs.js";
import { xlaEngine } from "../engines/xla.js";
import { defineWorkload, type Workload } from "../harness.js";

const H = 32, W = 32, C = 64, O = 64, K = 3;

interface ConvInputs {
  /** NHWC. */
  x: Float32Array;
  /** HWIO. */
  w: Float32Array;
}

/** The two W8 workloads (forward, gradient) at batch B; `suffix` tells their ids apart. */
function convWorkloads(B: number, suffix: string): Workload[] {
  const FLOPS = 2 * B * H * W * O * K * K * C;
  const nhwc = (n: number, h: number, w: number, c: number): number => ((n * H + h) * W + w) * C + c;
  const hwio = (kh: number, kw: number, c: number, o: number): number => ((kh * K + kw) * C + c) * O + o;
  /** NHWC data re-laid as NCHW (jax-js's layout). */
  function toNchw(x: Float32Array, ch: number): Float32Array {
    const out = new Float32Array(x.length);
    for (let n = 0; n < B; n++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < ch; c++) out[((n * ch + c) * H + h) * W + w] = x[((n * H + h) * W + w) * ch + c]!;
    return out;
  }
  /** HWIO data re-laid as OIHW. */
  function toOihw(w: Float32Array): Float32Array {
    const out = new Float32Array(w.length);
    for (let kh = 0; kh < K; kh++) for (let kw = 0; kw < K; kw++) for (let c = 0; c < C; c++) for (let o = 0; o < O; o++) out[((o * C + c) * K + kh) * K + kw] = w[hwio(kh, kw, c, o)]!;
    return out;
  }

  /** The checked entries: 64 of y (or of the input gradient), 64 of the kernel gradient, drawn once. */
  const draw = prng(808);
  const pickInt = (n: number): number => Math.floor(draw() * n);
  const Y_ENTRIES = Array.from({ length: 64 }, () => [pickInt(B), pickInt(H), pickInt(W), pickInt(O)] as const);
  const DX_ENTRIES = Array.from({ length: 32 }, () => [pickInt(B), pickInt(H), pickInt(W), pickInt(C)] as const);
  // Four output channels, so the reference needs y over the whole batch for only four channels.
  const DW_CHANNELS = [3, 17, 40, 62];
  const DW_ENTRIES = Array.from({ length: 32 }, (_, i) => [pickInt(K), pickInt(K), pickInt(C), DW_CHANNELS[i % 4]!] as const);
  /** The kernel gradient sums over B·H·W positions: it is checked divided by that count, so one tolerance fits both. */
  const DW_SCALE = 1 / (B * H * W);

  /** y[n, h, w, o] in float64 (SAME padding: the window starts one row and column before). */
  function yAt({ x, w }: ConvInputs, n: number, h: number, ww: number, o: number): number {
    let s = 0;
    for (let kh = 0; kh < K; kh++) {
      const ih = h + kh - 1;
      if (ih < 0 || ih >= H) continue;
      for (let kw = 0; kw < K; kw++) {
        const iw = ww + kw - 1;
        if (iw < 0 || iw >= W) continue;
        for (let c = 0; c < C; c++) s += x[nhwc(n, ih, iw, c)]! * w[hwio(kh, kw, c, o)]!;
      }
    }
    return s;
  }

  function forwardReference(inputs: ConvInputs): Float64Array {
    return Float64Array.from(Y_ENTRIES, ([n, h, w, o]) => yAt(inputs, n, h, w, o));
  }

  /** dx = Σ over the outputs each input element feeds of y·w; dw = Σ over positions of x·y, scaled. */
  function gradReference(inputs: ConvInputs): Float64Array {
    const { x, w } = inputs;
    const dx = DX_ENTRIES.map(([n, i, j, c]) => {
      let s = 0;
      for (let kh = 0; kh < K; kh++) for (let kw = 0; kw < K; kw++) {
        const h = i - kh + 1, ww = j - kw + 1;
        if (h < 0 || h >= H || ww < 0 || ww >= W) continue;
        for (let o = 0; o < O; o++) s += yAt(inputs, n, h, ww, o) * w[hwio(kh, kw, c, o)]!;
      }
      return s;
    });
    const yCh = new Map(DW_CHANNELS.map((o) => {
      const y = new Float64Array(B * H * W);
      for (let n = 0; n < B; n++) for (let h = 0; h < H; h++) for (let ww = 0; ww < W; ww++) y[(n * H + h) * W + ww] = yAt(inputs, n, h, ww, o);
      return [o, y] as const;
    }));
    const dw = DW_ENTRIES.map(([kh, kw, c, o]) => {
      const y = yCh.get(o)!;
      let s = 0;
      for (let n = 0; n < B; n++) for (let h = 0; h < H; h++) for (let ww = 0; ww < W; ww++) {
        const ih = h + kh - 1, iw = ww + kw - 1;
        if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
        s += x[nhwc(n, ih, iw, c)]! * y[(n * H + h) * W + ww]!;
      }
      return s * DW_SCALE;
    });
    return Float64Array.from([...dx, ...dw]);
  }

  /** Flat index of an NHWC / HWIO coordinate in each engine's layout. */
  const LAYOUTS = {
    channelsLast: { y: ([n, h, w, c]: readonly number[]) => ((n! * H + h!) * W + w!) * O + c!, k: ([kh, kw, c, o]: readonly number[]) => hwio(kh!, kw!, c!, o!) },
    channelsFirst: { y: ([n, h, w, c]: readonly number[]) => ((n! * O + c!) * H + h!) * W + w!, k: ([kh, kw, c, o]: readonly number[]) => ((o! * C + c!) * K + kh!) * K + kw! },
  } as const;
  type Layout = (typeof LAYOUTS)[keyof typeof LAYOUTS];

  const pickForward = (y: ArrayLike<number>, l: Layout): Float64Array => Float64Array.from(Y_ENTRIES, (e) => y[l.y(e)]!);
  const pickGrad = (dx: ArrayLike<number>, dw: ArrayLike<number>, l: Layout): Float64Array =>
    Float64Array.from([...DX_ENTRIES.map((e) => dx[l.y(e)]!), ...DW_ENTRIES.map((e) => dw[l.k(e)]! * DW_SCALE)]);

  /** JAX takes NHWC/HWIO like fluxion: the arrays as they are. */
  const convArgs = ({ x, w }: ConvInputs) => [{ data: x, shape: [B, H, W, C] }, { data: w, shape: [K, K, C, O] }];
  const convParams = { B, H, W, C, O, K };
  const inputs = (): ConvInputs => ({ x: uniformF32(B * H * W * C, 81), w: uniformF32(K * K * C * O, 82, -0.1, 0.1) });

  const forward: Workload = defineWorkload<ConvInputs>({
    id: `W8-fwd${suffix}`,
    title: `conv 3×3 ${C}→${O} channels, ${H}×${W}, batch ${B}, float32, SAME: forward (${(FLOPS / 1e9).toFixed(2)} GFLOP)`,
    unit: "GFLOP/s",
    work: FLOPS,
    // 576-term float32 sums of values ≤ 0.1: errors ~1e-6.
    tolerance: 1e-4,
    inputs,
    reference: forwardReference,
    engines: [
      ...fluxionEngines<ConvInputs>({
        args: (fx, { x, w }) => [fx.np.array(x, { dtype: "float32" }).reshape([B, H, W, C]), fx.np.array(w, { dtype: "float32" }).reshape([K, K, C, O])],
        fn: (fx) => (x, w) => fx.lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] }),
        read: (y) => pickForward(y.data() as Float32Array, LAYOUTS.channelsLast),
      }),
      ...jaxEngines<ConvInputs>({
        devices: ["wasm"],
        args: (jax, { x, w }) => [jax.numpy.array(toNchw(x, C), { shape: [B, C, H, W] }), jax.numpy.array(toOihw(w), { shape: [O, C, K, K] })],
        fn: (jax) => (x, w) => jax.lax.conv(x, w, [1, 1], "SAME"),
        read: (y) => pickForward(y.dataSync(), LAYOUTS.channelsFirst),
      }),
      ...tfjsEngines<ConvInputs>({
        args: (tf, { x, w }) => [tf.tensor4d(x, [B, H, W, C]), tf.tensor4d(w, [K, K, C, O])],
        fn: (tf) => (x, w) => tf.conv2d(x as never, w as never, 1, "same"),
        read: (y) => pickForward(y.dataSync(), LAYOUTS.channelsLast),
      }),
      xlaEngine<ConvInputs>({ workload: "W8-fwd", args: convArgs, params: convParams, read: ([y]) => pickForward(y!, LAYOUTS.channelsLast) }),
    ],
  });

  const gradient: Workload = defineWorkload<ConvInputs>({
    id: `W8-grad${suffix}`,
    title: `gradient of ½Σ conv(x, w)² w.r.t. x and w, the same convolution (batch ${B}; ${((3 * FLOPS) / 1e9).toFixed(2)} GFLOP)`,
    unit: "GFLOP/s",
    work: 3 * FLOPS,
    // Input-gradient entries: 576-term sums (~1e-6 error); kernel gradient: 32 768-term float32
    // sums, checked divided by their term count.
    tolerance: 1e-4,
    inputs,
    reference: gradReference,
    engines: [
      ...fluxionEngines<ConvInputs, FxArgs, [FxTensor, FxTensor]>({
        args: (fx, { x, w }) => [fx.np.array(x, { dtype: "float32" }).reshape([B, H, W, C]), fx.np.array(w, { dtype: "float32" }).reshape([K, K, C, O])],
        fn: (fx) => {
          const loss = (x: FxTensor, w: FxTensor): FxTensor => {
            const y = fx.lax.convGeneralDilated(x, w, [1, 1], "SAME", { dimensionNumbers: ["NHWC", "HWIO", "NHWC"] });
            return fx.np.multiply(fx.np.sum(fx.np.square(y)), 0.5);
          };
          return fx.grad(loss, { argnums: [0, 1] }) as (x: FxTensor, w: FxTensor) => [FxTensor, FxTensor];
        },
        read: ([dx, dw]) => pickGrad(dx.data() as Float32Array, dw.data() as Float32Array, LAYOUTS.channelsLast),
      }),
      ...jaxEngines<ConvInputs, JaxArray[], [JaxArray, JaxArray]>({
        devices: ["wasm"],
        args: (jax, { x, w }) => [jax.numpy.array(toNchw(x, C), { shape: [B, C, H, W] }), jax.numpy.array(toOihw(w), { shape: [O, C, K, K] })],
        fn: (jax) => {
          const loss = (x: JaxArray, w: JaxArray): JaxArray => {
            const y = jax.lax.conv(x, w, [1, 1], "SAME");
            return jax.numpy.multiply(jax.numpy.sum(jax.numpy.square(y)), 0.5);
          };
          return jax.grad(loss, { argnums: [0, 1] }) as unknown as (x: JaxArray, w: JaxArray) => [JaxArray, JaxArray];
        },
        read: ([dx, dw]) => pickGrad(dx.dataSync(), dw.dataSync(), LAYOUTS.channelsFirst),
      }),
      ...tfjsEngines<ConvInputs, TfTensor[]>({
        args: (tf, { x, w }) => [tf.tensor4d(x, [B, H, W, C]), tf.tensor4d(w, [K, K, C, O])],
        fn: (tf) => (x, w) => tf.grads((a: TfTensor, b: TfTensor) => tf.mul(tf.sum(tf.square(tf.conv2d(a as never, b as never, 1, "same"))), 0.5))([x!, w!]),
        read: ([dx, dw]) => pickGrad(dx!.dataSync(), dw!.dataSync(), LAYOUTS.channelsLast),
      }),
      xlaEngine<ConvInputs>({ workload: "W8-grad", args: convArgs, params: convParams, read: ([dx, dw]) => pickGrad(dx!, dw!, LAYOUTS.channelsLast) }),
    ],
  });

  return [forward, gradient];
}

type FxTensor = import("../engines/fluxion.js").FxTensor;
type FxArgs = FxTensor[];

/**
 * At batch 32 (the shape) and batch 8: on a loaded machine a peer's batch-32 call can
 * exceed the harness's 3 s per-call budget and be skipped, while its batch-8 call fits; rates are
 * per FLOP, so both sizes compare.
 */
const workloads: Workload[] = [...convWorkloads(32, ""), ...convWorkloads(8, "-b8")];
export default workloads;
