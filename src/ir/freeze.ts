/**
 * Deep freezing of IR records. Typed arrays cannot be frozen (the engine refuses), and tensors
 * guard their own buffers, so both are left as they are; everything else reachable is frozen.
 * Both walks keep their own stack instead of recursing, so no depth of nesting overflows the
 * JS call stack.
 */

/** True for what deep freezing skips: primitives, typed arrays. */
function isOpaque(value: unknown): boolean {
  return value === null || typeof value !== "object" || ArrayBuffer.isView(value);
}

/** Freezes `value` and everything reachable from it (except typed arrays); returns it. */
export function deepFreeze<T>(value: T): T {
  // Functions in params (custom rules) are the user's objects: never freeze them. An object that
  // is already frozen is taken as deeply frozen (every IR record is frozen bottom-up when made),
  // which keeps freezing a graph linear in its size.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (isOpaque(v) || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const key of Reflect.ownKeys(v as object)) stack.push((v as Record<string | symbol, unknown>)[key]);
  }
  return value;
}

/** True if `value` and everything reachable from it (except typed arrays) is frozen. */
export function isDeepFrozen(value: unknown): boolean {
  const seen = new Set<unknown>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (isOpaque(v) || seen.has(v)) continue;
    seen.add(v);
    if (!Object.isFrozen(v)) return false;
    for (const key of Reflect.ownKeys(v as object)) stack.push((v as Record<string | symbol, unknown>)[key]);
  }
  return true;
}
