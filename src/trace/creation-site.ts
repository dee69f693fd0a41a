/**
 * Where traced values were created, for the `UnexpectedTracerError` of a tracer that escaped its
 * transform: the user's source line of the op that made it, or, for a transform's input, the line
 * that called the transformed function.
 *
 * Capturing a stack costs about as much as a whole small eager `grad` call (a few µs), so eager
 * transforms cannot afford one per op on every call. Two choices keep them fast:
 * - a stack is captured as raw frames and formatted only when an error reads it;
 * - a user function records creation sites during its first `RECORDED_CALLS` calls only (a
 *   closure re-created on every step of a loop counts as one function: see `functionKey`).
 *   Escapes show up on the first calls — a tracer saved to a global or `this` by the first call
 *   and read by the next — and later calls pay nothing but a lookup.
 * Graphs that record every equation's source line (`trace`, `jit`) give their tracers that line.
 */
import { type Interpreter, ScopedInterpreter, currentInterpreter } from "./interpreter.js";
import { type CallSite, firstUserLine } from "./source-info.js";

/** Raw stack frames captured at a tracer's creation; formatted only when an error needs them. */
export interface CapturedStack {
  readonly stack?: unknown;
}

/** A creation site: a formatted `file.ts:12:5`, or frames to format on demand. */
export type CreationSite = string | CapturedStack;

/** How many calls of each user function record where their traced values are created. */
export const RECORDED_CALLS = 3;

/**
 * Frames kept per capture (the cost grows with them): an op's user frame sits about a dozen
 * library frames above a new tracer; a transform's caller can sit under a deeper nest of
 * transforms (jacfwd is vmap of jvp), captured once per call.
 */
const OP_FRAMES = 24;
const CALL_FRAMES = 48;

/** Calls recorded so far, by function (see `functionKey`); cleared when it reaches its bound. */
const recordedCalls = new Map<string, number>();
const MAX_FUNCTIONS = 10_000;
/** The call site of each transform whose call recorded sites: where its input tracers came from. */
const callSites = new WeakMap<Interpreter, CapturedStack>();

/**
 * True while a recorded call runs under `owner`: a new tracer of it captures its stack. Only the
 * transform the user's function runs under: its tracers are the ones user code holds, while the
 * tracers that derivative rules make for outer interpreters never reach it.
 */
export function recordsCreationSites(owner: Interpreter): boolean {
  return owner instanceof ScopedInterpreter && owner.recordsSites;
}

/** The nearest interpreter above `interp` whose user function is running a recorded call. */
function recordingAbove(interp: Interpreter): ScopedInterpreter | undefined {
  for (let i = interp.parent; i !== undefined; i = i.parent) {
    if (i instanceof ScopedInterpreter && i.recordsSites) return i;
  }
  return undefined;
}

/** The current stack as raw frames (formatting, the costlier part, waits for `siteText`). */
export function captureStack(frames = OP_FRAMES): CapturedStack {
  const holder: { stack?: unknown } = {};
  if (typeof Error.captureStackTrace !== "function") return holder; // no V8 stack API: no sites
  const savedLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = frames;
  try {
    Error.captureStackTrace(holder, captureStack);
  } finally {
    Error.stackTraceLimit = savedLimit;
  }
  return holder;
}

/** Formatted sites by captured stack: each is formatted at most once. */
const texts = new WeakMap<CapturedStack, string | undefined>();

/** `file.ts:12:5` of the first user frame of a site, or undefined when there is none. */
export function siteText(site: CreationSite | undefined): string | undefined {
  if (site === undefined || typeof site === "string") return site;
  if (texts.has(site)) return texts.get(site);
  // V8 formats a captured stack when `stack` is first read, with the formatter installed then:
  // reading it under a formatter that returns the frames themselves yields call sites.
  const savedPrepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, frames) => frames;
  let frames: unknown;
  try {
    frames = site.stack;
  } finally {
    Error.prepareStackTrace = savedPrepare;
  }
  const text = Array.isArray(frames) ? firstUserLine(frames as CallSite[]) : undefined;
  texts.set(site, text);
  return text;
}

/**
 * What counts as one function for the call budget: its label (`grad(loss)`) and the length of its
 * source text. Both are O(1) to get (V8 returns a function's source as a slice of its script), a
 * closure re-created on every step shares them, and distinct functions rarely share both.
 */
function functionKey(f: (...args: never[]) => unknown, label: string): string {
  return `${label}\u0000${Function.prototype.toString.call(f).length}`;
}

/** Whether this call of `f` should record creation sites (counting it if so). */
function takeRecordedCall(f: (...args: never[]) => unknown, label: string): boolean {
  const key = functionKey(f, label);
  const n = recordedCalls.get(key) ?? 0;
  if (n >= RECORDED_CALLS) return false;
  if (recordedCalls.size >= MAX_FUNCTIONS) recordedCalls.clear();
  recordedCalls.set(key, n + 1);
  return true;
}

/**
 * Calls user function `f` under the current transform, recording creation sites if this is one
 * of its first calls; the caller's line is kept as the site of the transform's tracers that have
 * none of their own (its inputs, created before the call).
 */
export function callRecordingSites<R>(f: (...args: never[]) => R, args: readonly unknown[], label: string): R {
  const call = f as (...a: unknown[]) => R;
  const owner = currentInterpreter();
  if (!(owner instanceof ScopedInterpreter)) return call(...args);
  // A transform nested inside a recorded call records too (and uses no budget of its own).
  const outer = recordingAbove(owner);
  if (outer === undefined && !takeRecordedCall(f, label)) return call(...args);
  noteCallSite(owner);
  // Only the innermost recorded call captures: the outer transform's tracers made meanwhile come
  // from derivative rules, which user code never holds.
  const saved = owner.recordsSites;
  owner.recordsSites = true;
  if (outer !== undefined) outer.recordsSites = false;
  try {
    return call(...args);
  } finally {
    owner.recordsSites = saved;
    if (outer !== undefined) outer.recordsSites = true;
  }
}

/** Keeps the current line as the site of `owner`'s tracers that have none of their own. */
export function noteCallSite(owner: Interpreter): void {
  if (!callSites.has(owner)) callSites.set(owner, captureStack(CALL_FRAMES));
}

/** The line that called the transform `owner` belongs to, when its call recorded it. */
export function callSiteOf(owner: Interpreter): CreationSite | undefined {
  return callSites.get(owner);
}
