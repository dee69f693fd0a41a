/**
 * The CPU backend's elementwise loops: one function per (op, input dtypes, output dtype),
 * generated from the snippet table (snippets.ts) and compiled once, so every loop is monomorphic
 * in its typed arrays and op; an eager call costs one map lookup before the loop runs. Where code
 * generation is unavailable the reference loops of src/tensor/kernels run instead (same rows,
 * same bits, one indirect call per element).
 */
import { allocate, type DType, type DataArray } from "../../tensor/dtype.js";
import { type BinaryKernel, type BinaryLoops, binaryReferenceLoops, runBinaryLoops } from "../../tensor/kernels/binary.js";
import { type UnaryKernel, type UnaryLoop, unaryReferenceLoop } from "../../tensor/kernels/unary.js";
import { dtypeOfArray } from "../../tensor/kernels/util.js";
import { compileCached, memoLoops } from "./codegen.js";
import { HELPERS, binarySnippet, unarySnippet } from "./snippets.js";

/** The compiled (or reference) loop for one (op, input dtype, output dtype). */
export function unaryLoop(op: UnaryKernel, inDtype: DType, outDtype: DType): UnaryLoop {
  const key = `u_${op}_${inDtype}_${outDtype}`;
  return memoLoops(key, () => {
    const body = `return function (src, out, n) {
  for (let i = 0; i < n; i++) { const x = src[i]; out[i] = ${unarySnippet(op, outDtype)}; }
};`;
    return compileCached<UnaryLoop>(key, HELPERS, body) ?? unaryReferenceLoop(op, outDtype);
  });
}

function binarySource(expr: string): string {
  return `return {
  same(a, b, out, n) { for (let i = 0; i < n; i++) { const x = a[i], y = b[i]; out[i] = ${expr}; } },
  left(x, b, out, n) { for (let i = 0; i < n; i++) { const y = b[i]; out[i] = ${expr}; } },
  right(a, y, out, n) { for (let i = 0; i < n; i++) { const x = a[i]; out[i] = ${expr}; } },
  strided(a, b, out, total, shape, sa, sb) {
    const nd = shape.length, inner = shape[nd - 1], ia = sa[nd - 1], ib = sb[nd - 1];
    const idx = new Int32Array(nd);
    let pa = 0, pb = 0, o = 0;
    while (o < total) {
      let qa = pa, qb = pb;
      for (let j = 0; j < inner; j++) { const x = a[qa], y = b[qb]; out[o + j] = ${expr}; qa += ia; qb += ib; }
      o += inner;
      for (let d = nd - 2; d >= 0; d--) {
        pa += sa[d]; pb += sb[d];
        if (++idx[d] < shape[d]) break;
        pa -= sa[d] * shape[d]; pb -= sb[d] * shape[d]; idx[d] = 0;
      }
    }
  },
};`;
}

/** The compiled (or reference) loops for one (op, input dtypes, output dtype). */
export function binaryLoops(op: BinaryKernel, aDtype: DType, bDtype: DType, outDtype: DType): BinaryLoops {
  const key = `b_${op}_${aDtype}_${bDtype}_${outDtype}`;
  return memoLoops(key, () => compileCached<BinaryLoops>(key, HELPERS, binarySource(binarySnippet(op, outDtype))) ?? binaryReferenceLoops(op, outDtype));
}

/** `op` on every element of `x`, into a fresh `outDtype` array (the reference `unary`, generated). */
export function cpuUnary(op: UnaryKernel, x: DataArray, outDtype: DType): DataArray {
  const n = x.length;
  const out = allocate(outDtype, n);
  if (n > 0) unaryLoop(op, dtypeOfArray(x), outDtype)(x, out, n);
  return out;
}

/** `op(a, b)` with numpy broadcasting to `outShape` (the reference `binary`, generated). */
export function cpuBinary(
  op: BinaryKernel,
  a: DataArray, aShape: readonly number[],
  b: DataArray, bShape: readonly number[],
  outShape: readonly number[], outDtype: DType,
): DataArray {
  return runBinaryLoops(binaryLoops(op, dtypeOfArray(a), dtypeOfArray(b), outDtype), a, aShape, b, bShape, outShape, outDtype);
}
