/**
 * Engine groups: the unit of process isolation. Every engine belongs to one group, and each
 * (workload, group) pair runs in a child process of its own, so that a wasm `memory.grow` in one
 * library (an ArrayBuffer detach) cannot slow the typed-array loops of another (see BENCH.md).
 */

/** Every engine group, in the order the runner visits them and the tables list them. */
export const GROUPS = ["fluxion", "js", "jax-wasm", "jax-cpu", "tfjs-wasm", "tfjs-cpu", "xla"] as const;

/** The id of an engine group; also the argument that names it on the child's command line. */
export type GroupId = (typeof GROUPS)[number];

/** One line per group, for `--help` and the README. */
export const GROUP_DESCRIPTIONS: Readonly<Record<GroupId, string>> = {
  fluxion: "fluxion (this library), eager and jit",
  js: "hand-written Float32Array loops: the speed of a perfect plain-JS kernel",
  "jax-wasm": "@jax-js/jax on its wasm device, eager and jit",
  "jax-cpu": "@jax-js/jax on its cpu device (interpreted JS), eager and jit",
  "tfjs-wasm": "@tensorflow/tfjs with @tensorflow/tfjs-backend-wasm (XNNPACK, one thread)",
  "tfjs-cpu": "@tensorflow/tfjs with its pure-JS cpu backend",
  xla: "JAX on XLA (CPU, all cores) through python3: bench/xla/workloads.py; skipped without python3 and jax",
};

/** Narrows a command-line string to a group id. */
export function isGroupId(s: string): s is GroupId {
  return (GROUPS as readonly string[]).includes(s);
}
