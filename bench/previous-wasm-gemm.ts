/**
 * The float32 WebAssembly GEMM fluxion used before src/backend/wasm/ (kept unchanged, for
 * bench/gemm.ts to compare against in the same run). A float32 GEMM in WebAssembly SIMD, assembled byte by byte at first use (no toolchain, no
 * binary in the package). A 4×8 register tile (eight f32x4 accumulators) runs the K loop over a
 * packed 4-row sliver of A and 8-column panel of B. Its memory is sized once and never grown, so
 * no ArrayBuffer is ever detached (a detach slows every typed-array loop in V8). Products that do
 * not fit, or hosts without WebAssembly SIMD, get `undefined` and use the JS kernel.
 */

// The few WebAssembly JS-API members used here (the compiler's lib set has no WebAssembly types).
declare const WebAssembly: {
  Memory: new (d: { initial: number; maximum: number }) => { readonly buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
};

const PAGE = 65536;
const PAGES = 1024; // 64 MiB, committed lazily by the engine

// ---- a tiny WebAssembly assembler: just what the kernel needs ---------------------------------
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const str = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

const I32 = 0x7f, V128 = 0x7b;
const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const i32c = (v: number): number[] => [0x41, ...sleb(v)];
const add = [0x6a], sub = [0x6b], mul = [0x6c], ltU = [0x49];
const f32load = (offset: number): number[] => [0x2a, 2, ...uleb(offset)];
const v128load = (offset: number): number[] => [0xfd, 0x00, 4, ...uleb(offset)];
const v128store = (offset: number): number[] => [0xfd, 0x0b, 4, ...uleb(offset)];
const splat = [0xfd, 0x13];
const fadd = [0xfd, ...uleb(228)];
const fmul = [0xfd, ...uleb(230)];
const zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const loop = [0x03, 0x40], end = [0x0b];
const brIf = (depth: number): number[] => [0x0d, ...uleb(depth)];

// Parameters: a, b, c (byte pointers), mBlocks, nBlocks, k. Locals follow.
const A = 0, B = 1, C = 2, MB = 3, NB = 4, K = 5;
const I = 6, J = 7, P = 8, PA = 9, PB = 10, PC = 11, LDC = 12;
const ACC = 13; // 8 accumulators: row r, half h at ACC + 2r + h
const B0 = 21, B1 = 22, AV = 23;

function kernelBody(): number[] {
  const code: number[] = [];
  const emit = (...parts: number[][]): void => {
    for (const p of parts) code.push(...p);
  };
  emit(get(NB), i32c(32), mul, set(LDC), i32c(0), set(I), loop);
  emit(i32c(0), set(J), loop);
  for (let r = 0; r < 8; r++) emit(zero, set(ACC + r));
  // pa = a + i·k·16 (a 4-row sliver, k-major); pb = b + j·k·32 (an 8-column panel, k-major)
  emit(get(A), get(I), get(K), mul, i32c(16), mul, add, set(PA));
  emit(get(B), get(J), get(K), mul, i32c(32), mul, add, set(PB));
  emit(get(K), set(P), loop);
  emit(get(PB), v128load(0), set(B0), get(PB), v128load(16), set(B1));
  for (let r = 0; r < 4; r++) {
    emit(get(PA), f32load(4 * r), splat, set(AV));
    emit(get(ACC + 2 * r), get(AV), get(B0), fmul, fadd, set(ACC + 2 * r));
    emit(get(ACC + 2 * r + 1), get(AV), get(B1), fmul, fadd, set(ACC + 2 * r + 1));
  }
  emit(get(PA), i32c(16), add, set(PA), get(PB), i32c(32), add, set(PB));
  emit(get(P), i32c(1), sub, set(P), get(P), brIf(0), end);
  // store the tile: row r of the 4×8 block at c + (4i + r)·ldc + 32j
  emit(get(C), get(I), i32c(4), mul, get(LDC), mul, add, get(J), i32c(32), mul, add, set(PC));
  for (let r = 0; r < 4; r++) {
    emit(get(PC), get(ACC + 2 * r), v128store(0), get(PC), get(ACC + 2 * r + 1), v128store(16));
    emit(get(PC), get(LDC), add, set(PC));
  }
  emit(get(J), i32c(1), add, set(J), get(J), get(NB), ltU, brIf(0), end);
  emit(get(I), i32c(1), add, set(I), get(I), get(MB), ltU, brIf(0), end);
  code.push(0x0b);
  const locals = [2, ...uleb(7), I32, ...uleb(11), V128];
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

function moduleBytes(): Uint8Array {
  const type = section(1, [1, 0x60, 6, I32, I32, I32, I32, I32, I32, 0]);
  const imports = section(2, [1, ...str("env"), ...str("mem"), 0x02, 0x00, ...uleb(PAGES)]);
  const funcs = section(3, [1, 0]);
  const exports = section(7, [1, ...str("gemm"), 0x00, 0]);
  const code = section(10, [1, ...kernelBody()]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imports, ...funcs, ...exports, ...code]);
}

interface Kernel {
  readonly mem: Float32Array;
  readonly run: (a: number, b: number, c: number, mb: number, nb: number, k: number) => void;
}

let kernel: Kernel | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is unavailable. */
function getKernel(): Kernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const memory = new WebAssembly.Memory({ initial: PAGES, maximum: PAGES });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()), { env: { mem: memory } });
    const run = instance.exports.gemm as Kernel["run"];
    kernel = { mem: new Float32Array(memory.buffer), run };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** Where one operand's element (i, j) lives: `data[offset + i·rowStride + j·colStride]`. */
export interface Operand {
  readonly data: Float32Array;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/**
 * out[outOffset + i·n + j] = (A·B)[i, j] for an m×k by k×n float32 product, accumulated in float32
 * SIMD. Returns false (and writes nothing) if the product does not fit or SIMD is unavailable.
 */
export function wasmGemmF32(m: number, k: number, n: number, a: Operand, b: Operand, out: Float32Array, outOffset: number): boolean {
  const kern = getKernel();
  if (kern === null) return false;
  const mb = Math.ceil(m / 4), nb = Math.ceil(n / 8);
  const aLen = mb * 4 * k, bLen = nb * 8 * k, cLen = mb * 4 * nb * 8;
  if (aLen + bLen + cLen > (PAGES * PAGE) / 4) return false;
  const mem = kern.mem;
  // Pack A into 4-row slivers (k-major) and B into 8-column panels (k-major), zero-padded.
  const aBase = 0, bBase = aLen, cBase = aLen + bLen;
  const ad = a.data, bd = b.data;
  for (let blk = 0; blk < mb; blk++) {
    const dst = aBase + blk * 4 * k;
    for (let r = 0; r < 4; r++) {
      const i = blk * 4 + r;
      if (i >= m) {
        for (let p = 0; p < k; p++) mem[dst + p * 4 + r] = 0;
        continue;
      }
      let src = a.offset + i * a.rowStride;
      for (let p = 0; p < k; p++, src += a.colStride) mem[dst + p * 4 + r] = ad[src]!;
    }
  }
  for (let blk = 0; blk < nb; blk++) {
    const dst = bBase + blk * 8 * k;
    for (let c = 0; c < 8; c++) {
      const j = blk * 8 + c;
      if (j >= n) {
        for (let p = 0; p < k; p++) mem[dst + p * 8 + c] = 0;
        continue;
      }
      let src = b.offset + j * b.colStride;
      for (let p = 0; p < k; p++, src += b.rowStride) mem[dst + p * 8 + c] = bd[src]!;
    }
  }
  kern.run(aBase * 4, bBase * 4, cBase * 4, mb, nb, k);
  const ldc = nb * 8;
  for (let i = 0; i < m; i++) out.set(mem.subarray(cBase + i * ldc, cBase + i * ldc + n), outOffset + i * n);
  return true;
}
