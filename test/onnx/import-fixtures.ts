/**
 * Reads test/fixtures/onnx (written by scripts/gen-onnx-fixtures.py): the models' bytes and the
 * inputs/outputs Python's ONNX Runtime gave for them.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { np, type Tensor } from "../../src/index.js";

export interface FixtureTensor {
  readonly name: string;
  readonly dtype: "float32" | "float64" | "int32" | "uint32" | "int64" | "bool";
  readonly shape: number[];
  readonly data: (number | string | boolean)[];
}

export interface FixtureCase {
  readonly name: string;
  readonly model: string;
  readonly inputs: FixtureTensor[];
  readonly outputs: FixtureTensor[];
}

const DIR = resolve(import.meta.dirname, "../fixtures/onnx");

export const CASES: readonly FixtureCase[] = JSON.parse(readFileSync(resolve(DIR, "cases.json"), "utf8")) as FixtureCase[];

export const caseNamed = (name: string): FixtureCase => CASES.find((c) => c.name === name)!;

export const modelBytes = (c: FixtureCase): Uint8Array => new Uint8Array(readFileSync(resolve(DIR, c.model)));

export const num = (v: number | string | boolean): number =>
  v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number(v);

/** A fixture tensor as a fluxion tensor (int64 inputs become int32). */
export function toTensor(t: FixtureTensor): Tensor {
  const dtype = t.dtype === "int64" ? "int32" : t.dtype;
  return np.reshape(np.array(t.data.map(num), { dtype }), t.shape);
}
