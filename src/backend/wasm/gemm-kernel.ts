/**
 * The GEMM kernel as a WebAssembly module, generated for float32 (f32x4) or float64 (f64x2).
 * `gemm` runs BLIS's three outer loops (NC columns, KC depth, MC rows) over operands already
 * packed into slivers (gemm-pack.ts), and an MR×NR register tile — MR·NR/lanes vector
 * accumulators held in locals across the whole depth block — as its innermost kernel.
 * A row range [i0, i1) is a parameter, so threads split the rows and each C element is computed by
 * the same operations whatever the thread count (bit-identical results).
 */
import { Locals, assemble } from "./module.js";
import { forRange, minU } from "./loops.js";
import { smallMacro, stridedTile } from "./gemm-small-kernel.js";
import { type Instr, control, f32x4, f64x2, i32, local, v128, valtype } from "./opcodes.js";

/** A kernel shape: element type, register tile MR×NR and cache blocks KC (depth) and MC (rows). */
export interface GemmShape {
  readonly dtype: "float32" | "float64";
  readonly mr: number;
  readonly nr: number;
  readonly kc: number;
  readonly mc: number;
  readonly nc: number;
  /** Depth steps per iteration of the micro-kernel's main loop. */
  readonly unroll: number;
}

/**
 * The shapes fluxion uses, chosen by timing the kernel alone in one process, interleaved, best of 6
 * (load average 10–11 on 2 cores, so only the ordering is trusted): float32 4×8 (8 f32x4
 * accumulators; 20–23 GFLOP/s at 768³) beat 6×8, 4×12, 3×16 (11–17) and tied 4×16; float64 4×4
 * tied 2×8 and beat 6×4, 4×8. Unrolling the depth loop 2, 4 or 8 times was slower than not (V8).
 */
export const GEMM_SHAPES: Readonly<Record<"float32" | "float64", GemmShape>> = {
  float32: { dtype: "float32", mr: 4, nr: 8, kc: 256, mc: 64, nc: 4096, unroll: 1 },
  float64: { dtype: "float64", mr: 4, nr: 4, kc: 256, mc: 64, nc: 4096, unroll: 1 },
};

/** The exported kernel: pointers in bytes, sizes in elements; C is row-major with `ldc` elements a row. */
export type GemmEntry = (a: number, b: number, c: number, mPad: number, nPad: number, k: number, ldc: number, i0: number, i1: number) => void;

/** The micro-kernel: tile(kc, pa, pb, pc, ldcBytes, accumulate) adds or stores one MR×NR tile of C. */
function microKernel(s: GemmShape): { params: number; locals: Locals; body: Instr[] } {
  const bytes = s.dtype === "float32" ? 4 : 8;
  const vops = s.dtype === "float32" ? f32x4 : f64x2;
  const splat = s.dtype === "float32" ? v128.load32Splat : v128.load64Splat;
  const nv = (s.nr * bytes) / 16;
  const [KC, PA, PB, PC, LDC, ACCUM] = [0, 1, 2, 3, 4, 5];
  const L = new Locals(6);
  const acc = Array.from({ length: s.mr * nv }, () => L.add(valtype.v128));
  const bv = Array.from({ length: nv }, () => L.add(valtype.v128));
  const av = L.add(valtype.v128);
  const body: Instr[] = [];
  for (const x of acc) body.push(v128.zero, local.set(x));
  // One depth step at `u` steps ahead of the pointers: B's row into registers, then a rank-1 update.
  const step = (u: number): Instr[] => {
    const out: Instr[] = [];
    for (let v = 0; v < nv; v++) out.push(local.get(PB), v128.load(u * s.nr * bytes + 16 * v), local.set(bv[v]!));
    for (let r = 0; r < s.mr; r++) {
      out.push(local.get(PA), splat(u * s.mr * bytes + bytes * r), local.set(av));
      for (let v = 0; v < nv; v++) {
        const x = acc[r * nv + v]!;
        out.push(local.get(x), local.get(av), local.get(bv[v]!), vops.mul, vops.add, local.set(x));
      }
    }
    return out;
  };
  const advance = (steps: number): Instr[] => [
    local.get(PA), i32.const(steps * s.mr * bytes), i32.add, local.set(PA),
    local.get(PB), i32.const(steps * s.nr * bytes), i32.add, local.set(PB),
    local.get(KC), i32.const(steps), i32.sub, local.set(KC),
  ];
  // The depth loop unrolled `unroll` times (fewer pointer bumps and branches per step), then the rest
  // one step at a time. Each accumulator still adds its products in depth order: same bits.
  const unrolled: Instr[] = [];
  for (let u = 0; u < s.unroll; u++) unrolled.push(...step(u));
  body.push(
    control.block, control.loop,
    local.get(KC), i32.const(s.unroll), i32.ltU, control.brIf(1),
    ...unrolled, ...advance(s.unroll), control.br(0),
    control.end, control.end,
    control.block, control.loop,
    local.get(KC), i32.eqz, control.brIf(1),
    ...step(0), ...advance(1), control.br(0),
    control.end, control.end,
  );
  // Store the tile row by row; on later depth blocks add what C holds (the first block stores).
  for (let r = 0; r < s.mr; r++) {
    for (let v = 0; v < nv; v++) {
      const x = acc[r * nv + v]!;
      body.push(
        local.get(ACCUM), control.if, local.get(x), local.get(PC), v128.load(16 * v), vops.add, local.set(x), control.end,
        local.get(PC), local.get(x), v128.store(16 * v),
      );
    }
    body.push(local.get(PC), local.get(LDC), i32.add, local.set(PC));
  }
  return { params: 6, locals: L, body };
}

/** The macro kernel: the NC/KC/MC loops and the sliver loops around the micro-kernel (function 0). */
function macroKernel(s: GemmShape): { locals: Locals; body: Instr[] } {
  const bytes = s.dtype === "float32" ? 4 : 8;
  const [A, B, C, MPAD, NPAD, K, LDC, I0, I1] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const L = new Locals(9);
  const [jc, nc, pc, kc, ic, mcEnd, jr, ir, aBlk, bBlk] = Array.from({ length: 10 }, () => L.add(valtype.i32));
  const g = local.get;
  const mulB = (...x: Instr[]): Instr[] => [...x, i32.const(bytes), i32.mul];
  const args: Instr[] = [
    g(kc!),
    g(aBlk!), ...mulB(g(ir!), g(kc!), i32.mul), i32.add,
    g(bBlk!), ...mulB(g(jr!), g(kc!), i32.mul), i32.add,
    g(C), ...mulB(g(ir!), g(LDC), i32.mul, g(jr!), i32.add), i32.add,
    ...mulB(g(LDC)),
    g(pc!), i32.const(0), i32.ne,
    control.call(1), // tile(kc, pa, pb, c, ldcBytes, accumulate)
  ];
  const irLoop = forRange(ir!, [g(ic!)], [g(mcEnd!)], [i32.const(s.mr)], args);
  const jrLoop = forRange(jr!, [g(jc!)], [g(jc!), g(nc!), i32.add], [i32.const(s.nr)], irLoop);
  const icLoop = forRange(ic!, [g(I0)], [g(I1)], [i32.const(s.mc)], [
    ...minU([g(ic!), i32.const(s.mc), i32.add], [g(I1)]), local.set(mcEnd!),
    ...jrLoop,
  ]);
  const pcLoop = forRange(pc!, [i32.const(0)], [g(K)], [i32.const(s.kc)], [
    ...minU([i32.const(s.kc)], [g(K), g(pc!), i32.sub]), local.set(kc!),
    g(A), ...mulB(g(pc!), g(MPAD), i32.mul), i32.add, local.set(aBlk!),
    g(B), ...mulB(g(pc!), g(NPAD), i32.mul), i32.add, local.set(bBlk!),
    ...icLoop,
  ]);
  const jcLoop = forRange(jc!, [i32.const(0)], [g(NPAD)], [i32.const(s.nc)], [
    ...minU([i32.const(s.nc)], [g(NPAD), g(jc!), i32.sub]), local.set(nc!),
    ...pcLoop,
  ]);
  return { locals: L, body: jcLoop };
}

/**
 * The module bytes of the GEMM for one shape, importing `env.mem` (shared when `shared`).
 *
 * @example `gemmModuleBytes(GEMM_SHAPES.float32, false).length > 100` // true
 */
export function gemmModuleBytes(s: GemmShape, shared: boolean, pages = 1, maxPages = 65536): Uint8Array {
  const macro = macroKernel(s);
  const micro = microKernel(s);
  const small = smallMacro(s, 3);
  const tile = stridedTile(s);
  const i = valtype.i32;
  return assemble({
    memory: shared ? { module: "env", field: "mem", initial: pages, maximum: maxPages, shared: true } : { module: "env", field: "mem", initial: pages },
    functions: [
      { name: "gemm", params: [i, i, i, i, i, i, i, i, i], locals: macro.locals.types, body: macro.body },
      { name: "tile", params: [i, i, i, i, i, i], locals: micro.locals.types, body: micro.body, exported: false },
      { name: "gemm_small", params: [i, i, i, i, i, i, i, i, i, i, i], locals: small.locals.types, body: small.body },
      { name: "tile_strided", params: [i, i, i, i, i, i, i, i], locals: tile.locals.types, body: tile.body, exported: false },
    ],
  });
}
