/**
 * matmul, dot, outer and einsum against numpy (family "linalg"). matmul: sizes 1, 7, 65 and 260
 * (across the GEMM's blocking), all four transpose combinations through `.T`, 1-D operands on
 * either side, batch dims that broadcast, empty dims, int32 and int32×float32. dot: 1-D·1-D,
 * N-D·1-D, N-D·M-D, scalars. einsum: matmul, trace, diagonal, batched, outer, full sum, implicit
 * output (alphabetical), ellipsis (also broadcasting size-1 dims, as numpy), three and four operands.
 */
import { np, type Tensor } from "../../src/index.js";
import { runFamily, type Runner } from "./fixture.js";

const runners: Record<string, Runner> = {
  matmul: ([a, b], kw) => {
    const x = kw.transA ? (a as Tensor).T : a;
    const y = kw.transB ? (b as Tensor).T : b;
    return kw.method ? (x as Tensor).matmul(y) : np.matmul(x, y);
  },
  dot: ([a, b], kw) => (kw.method ? (a as Tensor).dot(b) : np.dot(a, b)),
  outer: ([a, b]) => np.outer(a, b),
  einsum: (xs, kw) => np.einsum(kw.spec as string, ...xs),
};

runFamily("linalg", runners, Object.keys(runners));
