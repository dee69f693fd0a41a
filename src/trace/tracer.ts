/**
 * `Tracer`: a `Tensor` without data that stands for a value inside a transform. Reading its value
 * from JS (`Number(x)`, `x > 0`, `x.item()`) is a `ConcretizationError` that names the way out;
 * the "string" hint prints `Tracer<f32[3]>` so logging still works.
 */
import { ConcretizationError, UnexpectedTracerError } from "../errors.js";
import type { Aval } from "../ir/types.js";
import type { DataArray } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";
import { type CreationSite, callSiteOf, captureStack, recordsCreationSites, siteText } from "./creation-site.js";
import type { Interpreter } from "./interpreter.js";

/** A traced value, owned by one interpreter. */
export abstract class Tracer extends Tensor {
  /** The interpreter that created this tracer; only it may interpret it. */
  readonly owner: Interpreter;
  /** Where it was created: given (a graph's source line), captured while sites are recorded, or none. */
  private readonly site: CreationSite | undefined;

  constructor(a: Aval, owner: Interpreter, createdAt: string | undefined) {
    super(a.shape, a.dtype, undefined);
    this.owner = owner;
    this.site = createdAt ?? (recordsCreationSites(owner) ? captureStack() : undefined);
  }

  /**
   * Where in user code it was created (`file.ts:12:5`), when known, for escape errors: the op's
   * line, or for a transform's input the line that called the transform.
   */
  get createdAt(): string | undefined {
    return siteText(this.site) ?? siteText(callSiteOf(this.owner));
  }

  private concretizationError(operator = false): ConcretizationError | UnexpectedTracerError {
    if (!this.owner.live) {
      return new UnexpectedTracerError(
        `a traced ${this.typeString} created inside ${this.owner.label}${this.createdAt ? ` at ${this.createdAt}` : ""} ` +
          `was read after ${this.owner.label} returned (it escaped). Return it from the function instead.`,
      );
    }
    if (operator) {
      // JS calls Symbol.toPrimitive for `x * 2`, `x + y`, `x < 0` and `Number(x)` alike: the
      // arithmetic reading comes first, since operators on tensors are what users most often mean.
      return new ConcretizationError(
        `cannot read the value of a traced ${this.typeString} inside ${this.owner.label}: a JS operator (* + - / < > …) or Number() needs a number. ` +
          `JS cannot overload operators on tensors: write x.mul(2), x.add(y), x.less(0) (or np.mul, np.add, np.less); ` +
          `for control flow on the value, use lax.cond, np.where or lax.forLoop, or pass it as a static argument (jit's staticArgnums).`,
      );
    }
    return new ConcretizationError(
      `cannot read the value of a traced ${this.typeString} inside ${this.owner.label}; ` +
        `use lax.cond, np.where, or lax.forLoop for control flow on traced values, ` +
        `or pass it as a static argument (jit's staticArgnums).`,
    );
  }

  override concreteData(): DataArray {
    throw this.concretizationError();
  }

  override toArray(): never {
    throw this.concretizationError();
  }

  override toString(): string {
    return `Tracer<${this.typeString}>`;
  }

  override [Symbol.toPrimitive](hint: string): string | number {
    if (hint === "string") return this.toString();
    throw this.concretizationError(true);
  }
}

/** True if `x` is a tracer (a value inside some transform). */
export function isTracer(x: unknown): x is Tracer {
  return x instanceof Tracer;
}
