/**
 * Which pass of differentiation is running ("forward" or "backward"), for messages only. Set by
 * the backward pass for its duration and restored in `finally`.
 */
let pass: "forward" | "backward" = "forward";

/** The pass currently running. */
export function currentPass(): "forward" | "backward" {
  return pass;
}

/** Runs `thunk` marked as the backward pass. */
export function inBackwardPass<T>(thunk: () => T): T {
  const saved = pass;
  pass = "backward";
  try {
    return thunk();
  } finally {
    pass = saved;
  }
}
