/**
 * JAX's `padtype_to_pads`: the `[lo, hi]` padding per dimension that a "VALID" (none) or "SAME" /
 * "SAME_LOWER" window placement asks for — SAME pads so that ceil(n / stride) windows fit, the odd
 * element after (SAME_LOWER: before). Convolution and the windowed reductions share it; each parses
 * its own argument (conv takes the mode in any case, as lax.conv does).
 * @example `padtypeToPads("SAME", [5], [3], [2])` // [[1, 1]]
 */
export function padtypeToPads(
  mode: "VALID" | "SAME" | "SAME_LOWER", sizes: readonly number[], window: readonly number[], strides: readonly number[],
): [number, number][] {
  if (mode === "VALID") return sizes.map(() => [0, 0]);
  return sizes.map((n, i) => {
    const out = Math.ceil(n / strides[i]!);
    const total = Math.max(0, (out - 1) * strides[i]! + window[i]! - n);
    const small = Math.floor(total / 2);
    return mode === "SAME" ? [small, total - small] : [total - small, small];
  });
}
