/** Reads test/fixtures/special.json (written by scripts/gen-special.py). */
import { readFileSync } from "node:fs";

export type Encoded = number | "nan" | "inf" | "-inf";

/** One encoded number as a JS number. */
export const decode = (v: Encoded): number => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v);
/** A list of encoded numbers. */
export const decodeAll = (vs: readonly Encoded[]): number[] => vs.map(decode);

interface Points {
  x: Encoded[];
  value: Encoded[];
}
interface Derivatives {
  x: Encoded[];
  d1: Encoded[];
  d2: Encoded[];
  d3?: Encoded[];
}
interface BinaryGrads {
  value: Encoded[];
  dx: Encoded[];
  dy: Encoded[];
}
interface LogsumexpCase {
  kwargs: Record<string, unknown>;
  out: { shape: number[]; data: Encoded[] }[];
}

export interface SpecialFixture {
  unary: Record<"erfc" | "erfinv" | "gammaln" | "digamma" | "ndtr" | "ndtri", { float64: Points; float32: Points }>;
  derivatives: Record<"gammaln" | "digamma" | "erfc" | "erfinv", Derivatives>;
  polygamma: { m: number[]; x: Encoded[]; value: Encoded[] };
  binary: {
    x: Encoded[];
    y: Encoded[];
    xlogy: BinaryGrads;
    xlog1py: BinaryGrads;
    logit: { x: Encoded[]; value: Encoded[]; d1: Encoded[] };
    expit: { x: Encoded[]; value: Encoded[]; d1: Encoded[] };
  };
  logsumexp: { a: Encoded[][]; cases: LogsumexpCase[]; grad: { a: number[][]; b: number[][]; data: Encoded[] } };
  softmax: { x: number[][] } & Record<"none" | "axis0" | "axis-1", { softmax: Encoded[]; logSoftmax: Encoded[] }>;
}

export const fixture = JSON.parse(readFileSync(new URL("../fixtures/special.json", import.meta.url), "utf8")) as SpecialFixture;
