/**
 * Finds the user's source line that created an equation: the first stack frame outside
 * fluxion's own files. It reads the formatted stack (which source maps have already mapped back
 * to the user's TypeScript), so it costs one Error: only graphs people look at record it.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";

// The library root (src/ in the repo, dist/src/ when built): frames inside it are ours.
const libraryRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const frame = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/;

/** `file.ts:12:5` of the nearest caller outside fluxion, or undefined if none is found. */
export function userSourceLine(): string | undefined {
  const savedLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = savedLimit;
  for (const line of stack.split("\n").slice(1)) {
    const m = frame.exec(line);
    if (m === null) continue;
    let file = m[1]!;
    if (file.startsWith("node:") || file.includes("node_modules")) continue;
    if (file.startsWith("file://")) file = fileURLToPath(file);
    if (file.startsWith(libraryRoot + path.sep)) continue;
    return `${path.basename(file)}:${m[2]}:${m[3]}`;
  }
  return undefined;
}
