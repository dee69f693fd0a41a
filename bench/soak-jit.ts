/**
 * `npm run soak`: a memory soak of jit's caches (not part of `npm test`; run by hand and report
 * the figures). 100,000 jit calls: 20,000 distinct programs (each a fresh function with its own
 * op sequence, dropped after one call), 1,000 distinct shapes through one jitted function, and the
 * rest repeated calls of a cached one. After each phase it collects garbage and prints the heap
 * and the code cache size; both must stay bounded (the code cache at CODE_CACHE_CAPACITY, one
 * function's traces at JIT_CACHE_CAPACITY), so the heap after the last phase is close to after
 * the first.
 *
 * Run with `--expose-gc` (the npm script does) so the heap figures are after a full collection.
 */
import { JIT_CACHE_CAPACITY, jit, setJitWarningSink } from "../src/compile/jit.js";
import { np, type Tensor } from "../src/index.js";
import { CODE_CACHE_CAPACITY, codeCacheSize } from "../src/backend/cpu/codegen.js";

const collect = (globalThis as { gc?: () => void }).gc;

function heapMB(): number {
  collect?.();
  collect?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** A program whose op sequence spells `k` in binary (16 steps of sin or cos): distinct for each k. */
function program(k: number): (x: Tensor) => Tensor {
  return (x) => {
    let y = x;
    for (let bit = 0; bit < 16; bit++) y = (k >> bit) & 1 ? np.sin(y) : np.cos(y);
    return y.mul(2);
  };
}

function report(phase: string, calls: number, started: number): void {
  const s = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${phase.padEnd(44)} calls ${String(calls).padStart(6)}  heap ${heapMB().toFixed(1).padStart(6)} MB  code cache ${String(codeCacheSize()).padStart(4)} functions  (${s} s)`);
}

function main(): void {
  if (collect === undefined) console.log("(run with node --expose-gc for heap figures after a full collection)");
  let warnings = 0;
  setJitWarningSink(() => warnings++);
  const x = np.linspace(-1, 1, 64);
  const started = performance.now();
  let calls = 0;
  report("start", calls, started);

  for (let k = 0; k < 20_000; k++) {
    jit(program(k))(x);
    calls++;
    if ((k + 1) % 5_000 === 0) report(`distinct programs: ${k + 1}`, calls, started);
  }

  const byShape = jit((v: Tensor) => np.tanh(v).mul(v).sum());
  for (let n = 1; n <= 1_000; n++) {
    byShape(np.ones([n]));
    calls++;
  }
  report("1,000 distinct shapes through one function", calls, started);

  const cached = jit(program(12345));
  while (calls < 100_000) {
    cached(x);
    calls++;
  }
  report("repeated calls of one cached program", calls, started);
  console.log(
    `bounds: code cache ${CODE_CACHE_CAPACITY} functions, ${JIT_CACHE_CAPACITY} traces per function; re-tracing warnings issued: ${warnings}`,
  );
}

main();
