/**
 * The byte encodings of the WebAssembly binary format that every other assembler file builds on:
 * LEB128 integers, length-prefixed vectors, names and sections. Pure functions over number arrays.
 */

/**
 * Unsigned LEB128 of a non-negative 32-bit integer.
 *
 * @example `uleb(624485)` // [229, 142, 38]
 */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/**
 * Signed LEB128 of a 32-bit integer (the immediate of `i32.const`).
 *
 * @example `sleb(-123456)` // [192, 187, 120]
 */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/**
 * A vector: its element count, then the elements' bytes.
 *
 * @example `vec([[1, 2], [3]])` // [2, 1, 2, 3]
 */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/**
 * A name (ASCII here: the assembler only writes its own identifiers).
 *
 * @example `name("mem")` // [3, 109, 101, 109]
 */
export function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/**
 * A section: its id, byte length, then its body.
 *
 * @example `section(3, [1, 0])` // [3, 2, 1, 0]
 */
export function section(id: number, body: readonly number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}
