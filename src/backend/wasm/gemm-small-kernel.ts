/**
 * The small-product GEMM kernel (exported as `gemm_small` beside `gemm`, in the same module): the
 * same MR×NR register tile as gemm-kernel.ts, but reading A by any strides and B either as packed
 * slivers or straight from its rows, so a small product needs no packing — the operands are copied
 * into wasm memory as they lie (one memcpy each) and the tile walks them. Each C element is
 * Σₚ a·b added in depth order into its own accumulator lane, exactly as the packed kernel adds it:
 * both paths give the same bits.
 */
import { forRange } from "./loops.js";
import { Locals } from "./module.js";
import { type Instr, control, f32x4, f64x2, i32, local, v128, valtype } from "./opcodes.js";

/** The register tile (gemm-kernel.ts's `GemmShape` satisfies it). */
export interface TileShape {
  readonly dtype: "float32" | "float64";
  readonly mr: number;
  readonly nr: number;
}

/**
 * The exported entry: pointers and strides in bytes (A's element (i, p) at `a + i·aRow + p·aCol`;
 * B's (p, j) at `b + j·bCol + p·bDepth`, where columns j..j+NR−1 of one depth step are contiguous),
 * sizes in elements; C is row-major, `ldc` elements a row, and gets every tile of [0, mPad)×[0, nPad).
 */
export type GemmSmallEntry = (a: number, aRow: number, aCol: number, b: number, bCol: number, bDepth: number, c: number, mPad: number, nPad: number, k: number, ldc: number) => void;

/** The strided tile: tile(k, pa, aRow, aCol, pb, bDepth, pc, ldcBytes) stores one MR×NR tile of C. */
export function stridedTile(s: TileShape): { params: number; locals: Locals; body: Instr[] } {
  const bytes = s.dtype === "float32" ? 4 : 8;
  const vops = s.dtype === "float32" ? f32x4 : f64x2;
  const splat = s.dtype === "float32" ? v128.load32Splat : v128.load64Splat;
  const nv = (s.nr * bytes) / 16;
  const [K, PA, AROW, ACOL, PB, BDEPTH, PC, LDC] = [0, 1, 2, 3, 4, 5, 6, 7];
  const L = new Locals(8);
  const acc = Array.from({ length: s.mr * nv }, () => L.add(valtype.v128));
  const bv = Array.from({ length: nv }, () => L.add(valtype.v128));
  const av = L.add(valtype.v128);
  // Row r's pointer into A (row 0 is PA itself); each advances by aCol a depth step.
  const rowPtr = [PA, ...Array.from({ length: s.mr - 1 }, () => L.add(valtype.i32))];
  const body: Instr[] = [];
  for (const x of acc) body.push(v128.zero, local.set(x));
  for (let r = 1; r < s.mr; r++) body.push(local.get(rowPtr[r - 1]!), local.get(AROW), i32.add, local.set(rowPtr[r]!));
  const step: Instr[] = [];
  for (let v = 0; v < nv; v++) step.push(local.get(PB), v128.load(16 * v), local.set(bv[v]!));
  for (let r = 0; r < s.mr; r++) {
    step.push(local.get(rowPtr[r]!), splat(0), local.set(av));
    for (let v = 0; v < nv; v++) {
      const x = acc[r * nv + v]!;
      step.push(local.get(x), local.get(av), local.get(bv[v]!), vops.mul, vops.add, local.set(x));
    }
  }
  for (let r = 0; r < s.mr; r++) step.push(local.get(rowPtr[r]!), local.get(ACOL), i32.add, local.set(rowPtr[r]!));
  step.push(local.get(PB), local.get(BDEPTH), i32.add, local.set(PB), local.get(K), i32.const(1), i32.sub, local.set(K));
  body.push(control.block, control.loop, local.get(K), i32.eqz, control.brIf(1), ...step, control.br(0), control.end, control.end);
  for (let r = 0; r < s.mr; r++) {
    for (let v = 0; v < nv; v++) body.push(local.get(PC), local.get(acc[r * nv + v]!), v128.store(16 * v));
    body.push(local.get(PC), local.get(LDC), i32.add, local.set(PC));
  }
  return { params: 8, locals: L, body };
}

/** The entry's tile loops (rows outer, column slivers inner); `tileIndex` is the tile's function index. */
export function smallMacro(s: TileShape, tileIndex: number): { locals: Locals; body: Instr[] } {
  const bytes = s.dtype === "float32" ? 4 : 8;
  const [A, AROW, ACOL, B, BCOL, BDEPTH, C, MPAD, NPAD, K, LDC] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const L = new Locals(11);
  const [ir, jr] = [L.add(valtype.i32), L.add(valtype.i32)];
  const g = local.get;
  const call: Instr[] = [
    g(K),
    g(A), g(ir), g(AROW), i32.mul, i32.add,
    g(AROW), g(ACOL),
    g(B), g(jr), g(BCOL), i32.mul, i32.add,
    g(BDEPTH),
    g(C), g(ir), g(LDC), i32.mul, g(jr), i32.add, i32.const(bytes), i32.mul, i32.add,
    g(LDC), i32.const(bytes), i32.mul,
    control.call(tileIndex),
  ];
  const jrLoop = forRange(jr, [i32.const(0)], [g(NPAD)], [i32.const(s.nr)], call);
  return { locals: L, body: forRange(ir, [i32.const(0)], [g(MPAD)], [i32.const(s.mr)], jrLoop) };
}
