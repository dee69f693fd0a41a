/**
 * `x.toString()` as numpy's `repr` prints an array — `array([[1., 2.],\n       [3., 4.]], dtype=float32)` —
 * so values read the same in fluxion, numpy and a JAX notebook. The rules are numpy's defaults
 * (precision 8, "maxprec" float mode, line width 75, summarised past 1,000 elements with 3 edge
 * items): each float is its shortest round-tripping decimal *in its own dtype* (float32 `0.1`
 * prints `0.1`, not `0.10000000149`), cut at 8 fractional digits; a column aligns on the decimal
 * point; scientific notation when the magnitudes span more than 10³, reach 10⁸ or fall below 10⁻⁴.
 * test/tensor/format.test.ts compares against numpy's own output.
 *
 * Complex elements print as numpy's `1.+2.j`: the real parts as one float column, the imaginary
 * parts as another that always shows its sign, `j` before the imaginary part's padding.
 */
import { type DType, type DataArray, isComplex } from "./dtype.js";

const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const PRECISION = 8;

/** Shortest decimal digits of `v` that read back as `v` in `dtype`, as `d.ddd` and a power of ten. */
function shortest(v: number, dtype: DType): { mantissa: string; exponent: number } {
  let text = v.toExponential();
  if (dtype === "float32") {
    // A float32 needs at most 9 significant digits; the first that rounds back to it is the shortest.
    for (let digits = 1; digits <= 9; digits++) {
      const candidate = v.toExponential(digits - 1);
      if (Math.fround(Number(candidate)) === v) {
        text = candidate;
        break;
      }
    }
  }
  const [mantissa, exponent] = text.split("e") as [string, string];
  return { mantissa: mantissa.replace("-", ""), exponent: Number(exponent) };
}

/** Positional digits of |v| with at most PRECISION fractional digits, trailing zeros trimmed ("1." stays). */
function positional(v: number, dtype: DType): { int: string; frac: string } {
  const { mantissa, exponent } = shortest(v, dtype);
  const digits = mantissa.replace(".", "");
  let int: string, frac: string;
  if (exponent >= 0) {
    int = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    frac = digits.slice(exponent + 1);
  } else {
    int = "0";
    frac = "0".repeat(-exponent - 1) + digits;
  }
  if (frac.length > PRECISION) {
    // Rounding the exact binary value (toFixed is exact), as numpy's Dragon4 does.
    const fixed = Math.abs(v).toFixed(PRECISION);
    [int, frac] = fixed.split(".") as [string, string];
  }
  return { int, frac: frac.replace(/0+$/, "") };
}

/** Scientific digits of |v|: mantissa integer digit, fractional digits (≤ PRECISION), exponent. */
function scientific(v: number, dtype: DType): { int: string; frac: string; exponent: number } {
  let { mantissa, exponent } = shortest(v, dtype);
  if (mantissa.length - 2 > PRECISION) {
    const [m, e] = Math.abs(v).toExponential(PRECISION).split("e") as [string, string];
    mantissa = m;
    exponent = Number(e);
  }
  const [int, frac = ""] = mantissa.split(".") as [string, string?];
  return { int, frac: frac.replace(/0+$/, ""), exponent };
}

/**
 * Formats every element of `values` (the printed ones) to strings of one width. `plus` gives
 * every value a sign, `+` for positive ones (numpy's `sign="+"`, used for imaginary parts).
 */
function floatFormatter(values: readonly number[], dtype: DType, plus = false): (v: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const magnitudes = finite.filter((v) => v !== 0).map(Math.abs);
  let exp = false;
  if (magnitudes.length > 0) {
    const max = Math.max(...magnitudes), min = Math.min(...magnitudes);
    exp = max >= 1e8 || min < 1e-4 || max / min > 1000;
  }
  const negative = (v: number) => v < 0 || Object.is(v, -0);
  const signed = (v: number) => plus || negative(v);
  let padLeft = 0, padRight = 0, expSize = 0;
  if (finite.length > 0) {
    if (exp) {
      const parts = finite.map((v) => scientific(v, dtype));
      padRight = Math.max(...parts.map((p) => p.frac.length));
      expSize = Math.max(2, ...parts.map((p) => String(Math.abs(p.exponent)).length));
      padLeft = Math.max(...finite.map((v, i) => parts[i]!.int.length + (signed(v) ? 1 : 0)));
    } else {
      const parts = finite.map((v) => positional(v, dtype));
      padLeft = Math.max(...finite.map((v, i) => parts[i]!.int.length + (signed(v) ? 1 : 0)));
      padRight = Math.max(...parts.map((p) => p.frac.length));
    }
  }
  const fracWidth = exp ? padRight + 2 + expSize : padRight;
  if (values.length !== finite.length) {
    // nan/inf must fit the column too.
    const negInf = plus || values.some((v) => v === -Infinity) ? 1 : 0;
    padLeft = Math.max(padLeft, 3 - (fracWidth + 1), 3 + negInf - (fracWidth + 1));
  }
  return (v: number): string => {
    if (!Number.isFinite(v)) {
      const text = Number.isNaN(v) ? (plus ? "+nan" : "nan") : v < 0 ? "-inf" : plus ? "+inf" : "inf";
      return text.padStart(padLeft + fracWidth + 1);
    }
    const sign = negative(v) ? "-" : plus ? "+" : "";
    if (exp) {
      let p = scientific(v, dtype);
      if (p.frac.length < padRight) {
        // A column shares one digit count: shorter values show more digits of their exact value.
        const [m, ex] = Math.abs(v).toExponential(padRight).split("e") as [string, string];
        const [int, frac] = m.split(".") as [string, string];
        p = { int, frac, exponent: Number(ex) };
      }
      const e = `e${p.exponent < 0 ? "-" : "+"}${String(Math.abs(p.exponent)).padStart(expSize, "0")}`;
      return `${(sign + p.int).padStart(padLeft)}.${p.frac}${e}`;
    }
    const p = positional(v, dtype);
    return `${(sign + p.int).padStart(padLeft)}.${p.frac.padEnd(padRight)}`;
  };
}

/**
 * The element formatter for a dtype, sized over the elements that will be printed (`offsets`,
 * element indices into `data`); it formats the element at an offset.
 */
function formatterFor(data: DataArray, offsets: readonly number[], dtype: DType, zeroD: boolean): (offset: number) => string {
  if (isComplex(dtype)) {
    const part = dtype === "complex64" ? "float32" : "float64";
    const re = floatFormatter(offsets.map((i) => data[2 * i]!), part);
    const im = floatFormatter(offsets.map((i) => data[2 * i + 1]!), part, true);
    return (i) => {
      const imag = im(data[2 * i + 1]!);
      const end = imag.trimEnd().length; // numpy puts the j before the padding
      return re(data[2 * i]!) + imag.slice(0, end) + "j" + imag.slice(end);
    };
  }
  const values = offsets.map((i) => data[i]!);
  if (dtype === "bool") return (i) => (data[i] !== 0 ? (zeroD ? "True" : " True") : "False");
  if (dtype === "float32" || dtype === "float64") {
    const f = floatFormatter(values, dtype);
    return (i) => f(data[i]!);
  }
  const width = Math.max(0, ...values.map((v) => String(v).length));
  return (i) => String(data[i]!).padStart(width);
}

/** Row-major offsets of the elements numpy prints (the corners when summarised). */
function printedIndices(shape: readonly number[], summarise: boolean): number[] {
  const out: number[] = [];
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const walk = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      out.push(offset);
      return;
    }
    const n = shape[axis]!;
    const keep = summarise && n > 2 * EDGE_ITEMS ? [...Array(EDGE_ITEMS).keys(), ...Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i)] : [...Array(n).keys()];
    for (const i of keep) walk(axis + 1, offset + i * strides[axis]!);
  };
  walk(0, 0);
  return out;
}

/** numpy's line filling: wrap before a word that would pass the width (unless the line is empty). */
function extendLine(s: string, line: string, word: string, width: number, prefix: string): [string, string] {
  if (line.length + word.length > width && line.length > prefix.length) {
    return [s + line.trimEnd() + "\n", prefix + word];
  }
  return [s, line + word];
}

/** The bracketed body of the array (numpy's `_formatArray`). */
function formatBody(shape: readonly number[], fmt: (offset: number) => string, summarise: boolean, width: number, prefix: string): string {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const recurse = (axis: number, offset: number, indent: string, currWidth: number): string => {
    if (axis === shape.length) return fmt(offset);
    const nextIndent = indent + " ";
    const nextWidth = currWidth - 1;
    const n = shape[axis]!;
    const summary = summarise && 2 * EDGE_ITEMS < n;
    const leading = summary ? EDGE_ITEMS : 0;
    const trailing = summary ? EDGE_ITEMS : n;
    const item = (i: number) => recurse(axis + 1, offset + i * strides[axis]!, nextIndent, nextWidth);
    let s = "";
    if (shape.length - axis === 1) {
      const elemWidth = currWidth - 1;
      let line = indent;
      for (let i = 0; i < leading; i++) [s, line] = extendLine(s, line, item(i), elemWidth, indent), (line += ", ");
      if (summary) [s, line] = extendLine(s, line, "...", elemWidth, indent), (line += ", ");
      for (let i = trailing; i > 1; i--) [s, line] = extendLine(s, line, item(n - i), elemWidth, indent), (line += ", ");
      [s, line] = extendLine(s, line, item(n - 1), elemWidth, indent);
      s += line;
    } else {
      const lineSep = "," + "\n".repeat(shape.length - axis - 1);
      for (let i = 0; i < leading; i++) s += indent + item(i) + lineSep;
      if (summary) s += indent + "..." + lineSep;
      for (let i = trailing; i > 1; i--) s += indent + item(n - i) + lineSep;
      s += indent + item(n - 1);
    }
    return "[" + s.slice(indent.length) + "]";
  };
  return recurse(0, 0, prefix, width);
}

/**
 * numpy's `repr` of a concrete array of `shape`, `dtype` and row-major `data`.
 *
 * @example
 * ```ts
 * formatArray([2, 2], "float32", new Float32Array([1, 2, 3, 4]));
 * // "array([[1., 2.],\n       [3., 4.]], dtype=float32)"
 * ```
 */
export function formatArray(shape: readonly number[], dtype: DType, data: DataArray): string {
  const prefix = "array(";
  const size = isComplex(dtype) ? data.length / 2 : data.length;
  let body: string;
  if (size === 0) {
    body = "[]";
  } else {
    const summarise = size > THRESHOLD;
    const fmt = formatterFor(data, printedIndices(shape, summarise), dtype, shape.length === 0);
    body = formatBody(shape, fmt, summarise, LINE_WIDTH - 1, " ".repeat(prefix.length + 1));
  }
  const extras: string[] = [];
  if ((size === 0 && !(shape.length === 1 && shape[0] === 0)) || size > THRESHOLD) {
    extras.push(`shape=(${shape.join(", ")}${shape.length === 1 ? "," : ""})`);
  }
  // numpy leaves out the dtypes a literal implies: float64, complex128 and bool (and int64, which fluxion lacks).
  if ((dtype !== "float64" && dtype !== "complex128" && dtype !== "bool") || size === 0) extras.push(`dtype=${dtype}`);
  if (extras.length === 0) return `${prefix}${body})`;
  const head = `${prefix}${body},`;
  const tail = `${extras.join(", ")})`;
  const lastLine = head.length - (head.lastIndexOf("\n") + 1);
  return head + (lastLine + tail.length + 1 > LINE_WIDTH ? "\n" + " ".repeat(prefix.length) : " ") + tail;
}
