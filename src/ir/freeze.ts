/**
 * Deep freezing of IR records. Typed arrays cannot be frozen (the engine refuses), and tensors
 * guard their own buffers, so both are left as they are; everything else reachable is frozen.
 */

/** Freezes `value` and everything reachable from it (except typed arrays); returns it. */
export function deepFreeze<T>(value: T): T {
  // Functions in params (custom rules) are the user's objects: never freeze them.
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value) || Object.isFrozen(value)) {
    return value;
  }
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value as object)) {
    deepFreeze((value as Record<string | symbol, unknown>)[key]);
  }
  return value;
}

/** True if `value` and everything reachable from it (except typed arrays) is frozen. */
export function isDeepFrozen(value: unknown, seen: Set<unknown> = new Set()): boolean {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value) || seen.has(value)) return true;
  seen.add(value);
  if (!Object.isFrozen(value)) return false;
  return Reflect.ownKeys(value as object).every((k) =>
    isDeepFrozen((value as Record<string | symbol, unknown>)[k], seen),
  );
}
