/**
 * Validation of `checkGrads`' options. A checker that is handed a misspelt mode, an empty mode
 * list, an infinite tolerance or a zero step would otherwise pass while checking nothing: each of
 * those is an `ArgumentError` naming the option, the value as given and the valid ones.
 */
import { ArgumentError } from "../errors.js";

/** Options of `checkGrads`. */
export interface CheckGradsOptions {
  /** Derivative order to check (default 2). */
  order?: number;
  /** Which modes: "fwd" (jvp vs finite differences), "rev" (vjp vs jvp), "lin" (linearize vs jvp). Default ["fwd", "rev"]. */
  modes?: readonly ("fwd" | "rev" | "lin")[];
  /** Finite-difference step (default 1e-4). */
  eps?: number;
  /** Absolute tolerance (default: 1e-5 for float64 functions, 2e-3 for float32). */
  atol?: number;
  /** Relative tolerance (default: as atol). */
  rtol?: number;
  /** Seed of the random directions (default 0). */
  seed?: number;
}

/** The modes `checkGrads` knows, in the order it runs them. */
export const CHECK_GRADS_MODES = ["fwd", "rev", "lin"] as const;
export type CheckGradsMode = (typeof CHECK_GRADS_MODES)[number];

const OPTION_NAMES: readonly (keyof CheckGradsOptions)[] = ["order", "modes", "eps", "atol", "rtol", "seed"];

/** `checkGrads`' options with their defaults filled in (tolerances stay per-dtype when absent). */
export interface ValidCheckGradsOptions {
  readonly order: number;
  readonly modes: readonly CheckGradsMode[];
  readonly eps: number;
  readonly atol: number | undefined;
  readonly rtol: number | undefined;
  readonly seed: number;
}

/** A value as the user wrote it: strings quoted, so `"2"` is not mistaken for `2`. */
function shown(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(shown).join(", ")}]`;
  if (typeof v === "object" && v !== null) return "an object";
  return String(v);
}

const modeList = CHECK_GRADS_MODES.map((m) => JSON.stringify(m)).join(", ");

function checkModes(modes: unknown): readonly CheckGradsMode[] {
  if (!Array.isArray(modes)) {
    throw new ArgumentError(`checkGrads: modes must be an array of ${modeList}; got ${shown(modes)}. Write it as a list, e.g. modes: ["rev"].`);
  }
  if (modes.length === 0) {
    throw new ArgumentError(`checkGrads: modes is empty, so nothing would be checked; list some of ${modeList} (the default is ["fwd", "rev"]).`);
  }
  modes.forEach((m, i) => {
    if (!(CHECK_GRADS_MODES as readonly unknown[]).includes(m)) {
      throw new ArgumentError(`checkGrads: unknown mode ${shown(m)} at modes[${i}]; the modes are ${modeList}.`);
    }
  });
  return modes as CheckGradsMode[];
}

/** A finite number above `min` (or at least `min` when `inclusive`), or the default when absent. */
function checkNumber(name: string, v: unknown, min: number, inclusive: boolean, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || (inclusive ? v < min : v <= min)) {
    throw new ArgumentError(`checkGrads: ${name} must be ${what}; got ${shown(v)}.`);
  }
  return v;
}

/**
 * Checks `checkGrads`' options and fills in the defaults; throws an `ArgumentError` for an unknown
 * option name or a value that would make the check meaningless.
 */
export function validCheckGradsOptions(opts: unknown): ValidCheckGradsOptions {
  if (opts === undefined) opts = {};
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) {
    throw new ArgumentError(`checkGrads: options must be an object such as { order: 1, modes: ["fwd"] }; got ${shown(opts)}.`);
  }
  for (const key of Object.keys(opts)) {
    if (!(OPTION_NAMES as readonly string[]).includes(key)) {
      throw new ArgumentError(`checkGrads: unknown option ${JSON.stringify(key)}; the options are ${OPTION_NAMES.join(", ")}.`);
    }
  }
  const o = opts as CheckGradsOptions;
  const order = o.order ?? 2;
  if (typeof order !== "number" || !Number.isInteger(order) || order < 1) {
    throw new ArgumentError(`checkGrads: order must be a positive integer (1 checks first derivatives); got ${shown(order)}.`);
  }
  const seed = o.seed ?? 0;
  if (typeof seed !== "number" || !Number.isInteger(seed)) {
    throw new ArgumentError(`checkGrads: seed must be an integer; got ${shown(seed)}.`);
  }
  return {
    order,
    modes: checkModes(o.modes ?? ["fwd", "rev"]),
    eps: checkNumber("eps", o.eps, 0, false, "a finite step above 0 (default 1e-4)") ?? 1e-4,
    atol: checkNumber("atol", o.atol, 0, true, "a finite tolerance of at least 0"),
    rtol: checkNumber("rtol", o.rtol, 0, true, "a finite tolerance of at least 0"),
    seed,
  };
}
