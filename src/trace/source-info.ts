/**
 * Finds the user's source line that created an equation: the first stack frame outside
 * fluxion's own files. The stack is captured as call sites (cheap: nothing is formatted), the
 * first user frame is picked by its file, and only that frame is formatted — through the
 * installed stack formatter, so source maps (a test runner's, `--enable-source-maps`) map it back
 * to the user's TypeScript. Formatting is the costly part, so each raw position is formatted once:
 * a loop that makes 100,000 equations from one line pays for one.
 *
 * Only what browsers have too: `Error.captureStackTrace` and `Error.prepareStackTrace` (V8's
 * stack API; Chrome, Edge, Deno, Node, Bun) — no Node module, so the library bundles for a
 * browser. Where the stack API is missing, no source line is found and nothing fails. Source maps
 * apply through the installed formatter: a test runner's, or Node's own default formatter, which
 * maps frames under `--enable-source-maps`.
 */

import { NAMED_SCOPE_FRAME, namedScopes } from "./provenance.js";

/** The part of V8's call-site API read here (`Error.prepareStackTrace` receives these). */
export interface CallSite {
  getFileName(): string | null | undefined;
  getFunctionName?(): string | null;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

/** A file path with forward slashes, from a frame's file name (`file://` URLs for ES modules). */
function toPath(file: string): string {
  if (!file.startsWith("file://")) return file.replace(/\\/g, "/");
  let p = decodeURIComponent(new URL(file).pathname);
  if (/^\/[A-Za-z]:\//.test(p)) p = p.slice(1); // file:///C:/x → C:/x
  return p;
}

/** The last segment of a path or URL. */
function basename(file: string): string {
  return file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
}

/**
 * The library root with a trailing slash (src/ in the repo, dist/src/ when built): frames inside
 * it are ours. Unknown (undefined) when the host gives this module no usable URL.
 */
const libraryRoot: string | undefined = (() => {
  try {
    return toPath(new URL("..", import.meta.url).href).replace(/\/?$/, "/");
  } catch {
    return undefined;
  }
})();
/**
 * The TypeScript sources of a built library (`<repo>/src/` beside `<repo>/dist/src/`): a host that
 * applies the build's source maps to frames (Deno does) reports fluxion's frames there.
 */
const mappedRoot: string | undefined = libraryRoot?.endsWith("/dist/src/") ? libraryRoot.slice(0, -"dist/src/".length) + "src/" : undefined;
const frame = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/;

/** Formatted source lines by raw position (`file:line:col`); cleared when it reaches its bound. */
const formatted = new Map<string, string | undefined>();
const MAX_FORMATTED = 10_000;

/** The caller's stack as call sites, at most `limit` frames, innermost first (none without V8's stack API). */
function callSites(limit: number): CallSite[] {
  if (typeof Error.captureStackTrace !== "function") return [];
  const savedPrepare = Error.prepareStackTrace;
  const savedLimit = Error.stackTraceLimit;
  Error.prepareStackTrace = (_, sites) => sites;
  Error.stackTraceLimit = limit;
  try {
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callSites);
    return Array.isArray(holder.stack) ? (holder.stack as CallSite[]) : [];
  } finally {
    Error.prepareStackTrace = savedPrepare;
    Error.stackTraceLimit = savedLimit;
  }
}

/** Whether each file seen in a frame is internal, remembered (converting a URL to a path is slow). */
const internalFiles = new Map<string, boolean>();

/** True for frames of the runtime, of dependencies, or of fluxion itself. */
function isInternal(file: string): boolean {
  let internal = internalFiles.get(file);
  if (internal === undefined) {
    const path = toPath(file);
    internal =
      file.startsWith("node:") ||
      file.includes("node_modules") ||
      (libraryRoot !== undefined && path.startsWith(libraryRoot)) ||
      (mappedRoot !== undefined && path.startsWith(mappedRoot));
    if (internalFiles.size >= MAX_FORMATTED) internalFiles.clear();
    internalFiles.set(file, internal);
  }
  return internal;
}

/** `file.ts:12:5` for one call site, mapped back through source maps when they are known. */
function formatSite(site: CallSite, file: string): string | undefined {
  const prepare = Error.prepareStackTrace;
  if (typeof prepare === "function") {
    // A formatter is installed (a test runner's source-map support, or Node's default, which
    // applies --enable-source-maps): let it map this one frame.
    const text = String(prepare(new Error(), [site] as never));
    const m = frame.exec(text.split("\n").pop() ?? "");
    return m === null ? undefined : `${basename(toPath(m[1]!)) || "cell"}:${m[2]}:${m[3]}`;
  }
  // A notebook cell has no file name: call it what it is.
  return `${basename(toPath(file)) || "cell"}:${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0}`;
}

/**
 * `file.ts:12:5` of the nearest caller outside fluxion, or undefined if none is found. With
 * `far` false only the nearest few frames are searched: for callers where user code, if any, can
 * only be near (a custom rule run by a backward pass), so a miss costs little.
 */
export function userSourceLine(far = true): string | undefined {
  if (!far) {
    const sites = callSites(MIN_FRAMES + 2);
    const k = firstUserIndex(sites);
    return k < 0 ? undefined : firstUserLine(sites.slice(k, k + 1));
  }
  // Capturing costs in proportion to the frames taken, and a run of ops (a loop, a chain) finds
  // the user's frame at one depth: look a little past where the last search found it first.
  const near = callSites(recentDepth + 2);
  let k = firstUserIndex(near);
  let sites = near;
  if (k < 0 && near.length === recentDepth + 2) {
    sites = callSites(FAR_FRAMES);
    k = firstUserIndex(sites);
  }
  if (k < 0) return undefined;
  recentDepth = Math.max(MIN_FRAMES, k + 1);
  return firstUserLine(sites.slice(k, k + 1));
}

/**
 * The source line and the scope of the op being recorded, for a graph people look at: the line as
 * `userSourceLine` finds it, and the scope from the frames above it — the names of the user's
 * functions (`loss` calling `mlp` calling `dense` gives `loss/mlp/dense`) and of the open
 * `namedScope`s, whose wrappers sit on the stack between them — up to the first frame of fluxion
 * (a transform's call: what is outside it is not part of this graph). Anonymous functions add
 * nothing; scopes opened outside the walked frames (around a transform) come first.
 */
export function userSite(): { source: string | undefined; scope: string | undefined } {
  const want = recentDepth + 2 + SCOPE_FRAMES;
  let sites = callSites(want);
  let k = firstUserIndex(sites);
  if (k < 0 && sites.length === want) {
    sites = callSites(FAR_FRAMES + SCOPE_FRAMES);
    k = firstUserIndex(sites);
  }
  const open = namedScopes();
  if (k < 0) return { source: undefined, scope: open.length > 0 ? open.join("/") : undefined };
  recentDepth = Math.max(MIN_FRAMES, k + 1);
  const names: string[] = [];
  let wrappers = 0;
  for (let i = k; i < sites.length; i++) {
    const site = sites[i]!;
    const file = site.getFileName();
    const name = site.getFunctionName?.() ?? null;
    if (file === undefined || file === null) continue; // a native frame (Array.prototype.map)
    if (!isInternal(file)) {
      if (name !== null && name !== "" && name !== "<anonymous>") names.push(name);
    } else if (name === NAMED_SCOPE_FRAME && wrappers < open.length) {
      names.push(open[open.length - 1 - wrappers]!);
      wrappers++;
    } else break;
  }
  const path = [...open.slice(0, open.length - wrappers), ...names.reverse()];
  return { source: firstUserLine(sites.slice(k, k + 1)), scope: path.length > 0 ? path.join("/") : undefined };
}

/** Frames looked at past the user's innermost one for its callers' names. */
const SCOPE_FRAMES = 16;
const MIN_FRAMES = 8;
const FAR_FRAMES = 40;
/** How deep the last search found the user's frame. */
let recentDepth = MIN_FRAMES;

/** Index of the first frame outside fluxion, or -1. */
function firstUserIndex(sites: readonly CallSite[]): number {
  return sites.findIndex((site) => {
    const file = site.getFileName();
    return file !== undefined && file !== null && !isInternal(file);
  });
}

/** `file.ts:12:5` of the first frame outside fluxion among `sites`, or undefined. */
export function firstUserLine(sites: readonly CallSite[]): string | undefined {
  for (const site of sites) {
    const file = site.getFileName();
    if (file === undefined || file === null || isInternal(file)) continue;
    const key = `${file}:${site.getLineNumber()}:${site.getColumnNumber()}`;
    if (formatted.has(key)) return formatted.get(key);
    if (formatted.size >= MAX_FORMATTED) formatted.clear();
    const text = formatSite(site, file);
    formatted.set(key, text);
    return text;
  }
  return undefined;
}
