/**
 * Where the op being bound right now comes from, when that is not the user's code on the stack:
 * a graph being re-interpreted (evaluate, a control-flow body, jit's inner graph) or a backward
 * pass transposing the equation a forward op made. Those bind ops far from the user's code — the
 * stack shows `grad(...)` or nothing — so the equation they re-play lends its source line, scope
 * and pass to what they emit (the graph interpreter records it; debugNans names it).
 *
 * Also the stack of open `namedScope`s, whose names enter equations' scopes.
 */
import type { Pass, Provenance } from "../ir/types.js";

let current: Provenance | undefined;

/** The provenance lent by the equation being re-played, if any. */
export function currentProvenance(): Provenance | undefined {
  return current;
}

/**
 * Makes `p` current and returns what was current: callers restore it in a `finally`
 * (`const saved = swapProvenance(e); try { … } finally { swapProvenance(saved); }`), which costs
 * nothing per equation on the hot paths that re-play graphs.
 */
export function swapProvenance(p: Provenance | undefined): Provenance | undefined {
  const saved = current;
  current = p;
  return saved;
}

/** `p` as the provenance of a backward-pass equation (its forward equation's line and scope). */
export function asBackward(p: Provenance): Provenance {
  return p.pass === "backward" ? p : { source: p.source, scope: p.scope, pass: "backward" };
}

/** The pass of an op: backward when either the interpreter chain or the re-played equation says so. */
export function passOf(chain: Pass, lent: Provenance | undefined): Pass {
  return chain === "backward" || lent?.pass === "backward" ? "backward" : "forward";
}

/** Names of the open `namedScope`s, outermost first. */
const openScopes: string[] = [];

/** The open namedScope names, outermost first (read, not to be kept: it changes). */
export function namedScopes(): readonly string[] {
  return openScopes;
}

/**
 * Opens a named scope; the caller closes it with `closeNamedScope` in a `finally`. (No thunk: the
 * namedScope wrapper must call the user's function from its own frame, which the scope search
 * recognises, with no frame of fluxion's between them.)
 */
export function openNamedScope(name: string): void {
  openScopes.push(name);
}

/** Closes the innermost named scope. */
export function closeNamedScope(): void {
  openScopes.pop();
}

/**
 * The function name a namedScope wrapper's frame has on the stack: the source-line search walks
 * through such frames, taking the scope's name for them (source-info.ts).
 */
export const NAMED_SCOPE_FRAME = "fluxionNamedScope";

/**
 * How many observers want equations' provenance even where nothing would record it (debugNans:
 * a backward pass it checks must know each linear equation's forward line).
 */
let observers = 0;

/** Whether anything observes provenance now (see `observers`). */
export function provenanceObserved(): boolean {
  return observers > 0;
}

/** Runs `thunk` with provenance observed. */
export function observingProvenance<T>(thunk: () => T): T {
  observers++;
  try {
    return thunk();
  } finally {
    observers--;
  }
}
