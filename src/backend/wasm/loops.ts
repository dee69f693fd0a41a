/**
 * Structured loop helpers for hand-written kernels: a counted `for` over an i32 local, expressed
 * with WebAssembly's block/loop/br_if, so kernel generators read like the loops they emit.
 */
import { type Instr, control, i32, local } from "./opcodes.js";

/**
 * `for (v = start; v < end; v += step) body` over unsigned i32s; `start`, `end` and `step` are
 * instruction lists that each leave one i32 (evaluated once for start, every iteration for end/step).
 *
 * @example `forRange(0, [[0x41, 0]], [[0x41, 4]], [[0x41, 1]], []).length` // 15 (instructions; 0x41 is i32.const)
 */
export function forRange(v: number, start: Instr[], end: Instr[], step: Instr[], body: Instr[]): Instr[] {
  return [
    ...start, local.set(v),
    control.block, control.loop,
    local.get(v), ...end, i32.geU, control.brIf(1),
    ...body,
    local.get(v), ...step, i32.add, local.set(v),
    control.br(0),
    control.end, control.end,
  ];
}

/**
 * `min(a, b)` of two unsigned i32s, each given as instructions leaving one value (both evaluated twice).
 *
 * @example `minU([[0x41, 1]], [[0x41, 2]]).length` // 6 (instructions)
 */
export function minU(a: Instr[], b: Instr[]): Instr[] {
  return [...a, ...b, ...a, ...b, i32.ltU, control.select]; // select(a, b, a < b)
}
