/**
 * A traced value used after its transform returned raises an `UnexpectedTracerError` that says
 * where it was created: the user's line of the op that made it, or for a transform's input the
 * line that called the transformed function — under every transform, not only jit. Lines are
 * found by the marker comments at the end of the lines below.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  UnexpectedTracerError,
  type Tensor,
  checkpoint,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jvp,
  lax,
  linearize,
  np,
  trace,
  valueAndGrad,
  vjp,
  vmap,
} from "../../src/index.js";
import { RECORDED_CALLS } from "../../src/trace/creation-site.js";

const lines = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n");

/** `at <this file>:<line>:` for the line that ends with the comment `// <marker>`. */
function at(marker: string): RegExp {
  const i = lines.findIndex((l) => l.trimEnd().endsWith(`// ${marker}`));
  if (i < 0) throw new Error(`no line is marked ${marker}`);
  return new RegExp(`created inside .* at escaped-tracer-site\\.test\\.ts:${i + 1}:\\d+ `);
}

/** The message of the UnexpectedTracerError that using `t` in an op raises. */
function usedLater(t: Tensor | undefined): string {
  try {
    np.add(t!, 1);
  } catch (e) {
    expect(e).toBeInstanceOf(UnexpectedTracerError);
    return (e as Error).message;
  }
  throw new Error("using an escaped tracer did not throw");
}

/** The message of the UnexpectedTracerError that reading `t`'s value raises. */
function readLater(t: Tensor | undefined): string {
  try {
    t!.item();
  } catch (e) {
    expect(e).toBeInstanceOf(UnexpectedTracerError);
    return (e as Error).message;
  }
  throw new Error("reading an escaped tracer did not throw");
}

let input: Tensor | undefined;
let made: Tensor | undefined;

describe("an escaped tracer's error names the line that created it", () => {
  it("grad: the input at the call of the transformed function, an op's result at the op", () => {
    grad((x: Tensor) => {
      input = x;
      made = np.sin(x); // grad-op
      return np.sum(made);
    })(np.ones([2])); // grad-call
    expect(usedLater(input)).toMatch(at("grad-call"));
    expect(usedLater(made)).toMatch(at("grad-op"));
    expect(readLater(input)).toMatch(at("grad-call"));
    expect(readLater(made)).toMatch(at("grad-op"));
    expect(usedLater(made)).toMatch(/inside grad\(f\)/);
  });

  it("valueAndGrad and vjp", () => {
    valueAndGrad((x: Tensor) => {
      input = x;
      made = np.exp(x); // vag-op
      return np.sum(made);
    })(np.ones([3])); // vag-call
    expect(usedLater(input)).toMatch(at("vag-call"));
    expect(usedLater(made)).toMatch(at("vag-op"));
    vjp((x: Tensor) => { // vjp-call
      input = x;
      return (made = np.cos(x)); // vjp-op
    }, np.ones([3]));
    expect(usedLater(input)).toMatch(at("vjp-call"));
    expect(usedLater(made)).toMatch(at("vjp-op"));
  });

  it("jvp and linearize", () => {
    jvp( // jvp-call
      (x: Tensor) => {
        input = x;
        return (made = np.tanh(x)); // jvp-op
      },
      [np.ones([2])],
      [np.ones([2])],
    );
    expect(usedLater(input)).toMatch(at("jvp-call"));
    expect(usedLater(made)).toMatch(at("jvp-op"));
    linearize((x: Tensor) => { // lin-call
      input = x;
      return (made = np.square(x)); // lin-op
    }, np.ones([2]));
    expect(usedLater(input)).toMatch(at("lin-call"));
    expect(usedLater(made)).toMatch(at("lin-op"));
  });

  it("vmap", () => {
    vmap((x: Tensor) => {
      input = x;
      return (made = np.mul(x, 2)); // vmap-op
    })(np.ones([4, 2])); // vmap-call
    expect(usedLater(input)).toMatch(at("vmap-call"));
    expect(usedLater(made)).toMatch(at("vmap-op"));
    expect(usedLater(made)).toMatch(/traced f32\[2\] created inside vmap\(f\)/);
  });

  it("jacfwd, jacrev and hessian", () => {
    jacfwd((x: Tensor) => {
      input = x;
      return (made = np.sin(x)); // jacfwd-op
    })(np.ones([2])); // jacfwd-call
    expect(usedLater(input)).toMatch(at("jacfwd-call"));
    expect(usedLater(made)).toMatch(at("jacfwd-op"));
    jacrev((x: Tensor) => {
      input = x;
      return (made = np.log1p(x)); // jacrev-op
    })(np.ones([2])); // jacrev-call
    expect(usedLater(input)).toMatch(at("jacrev-call"));
    expect(usedLater(made)).toMatch(at("jacrev-op"));
    hessian((x: Tensor) => {
      made = np.exp(np.mul(x, x)); // hessian-op
      return np.sum(made);
    })(np.ones([2]));
    expect(usedLater(made)).toMatch(at("hessian-op"));
  });

  it("trace and jit, inputs included", () => {
    trace((x: Tensor) => {
      input = x;
      return (made = np.abs(x)); // trace-op
    })(np.ones([2])); // trace-call
    expect(usedLater(input)).toMatch(at("trace-call"));
    expect(usedLater(made)).toMatch(at("trace-op"));
    jit((x: Tensor) => {
      input = x;
      return (made = np.neg(x)); // jit-op
    })(np.ones([2])); // jit-call
    expect(readLater(input)).toMatch(at("jit-call"));
    expect(readLater(made)).toMatch(at("jit-op"));
  });

  it("a lax.cond branch and a checkpointed function under grad", () => {
    grad((x: Tensor) =>
      np.sum(
        lax.cond(
          np.array(true),
          (v: Tensor) => {
            input = v;
            return (made = np.sqrt(v)); // cond-op
          },
          (v: Tensor) => v,
          x,
        ),
      ),
    )(np.ones([2]));
    expect(usedLater(made)).toMatch(at("cond-op"));
    expect(usedLater(input)).toMatch(/created inside lax\.cond/);
    const layer = checkpoint((x: Tensor) => (made = np.exp(np.neg(x)))); // checkpoint-op
    grad((x: Tensor) => np.sum(layer(x)))(np.ones([2]));
    expect(usedLater(made)).toMatch(at("checkpoint-op"));
  });

  it("nested transforms: the inner grad's tracers under an outer grad", () => {
    grad((x: Tensor) => {
      const inner = grad((y: Tensor) => {
        made = np.mul(x, y); // nested-op
        return made;
      })(x); // nested-call
      return inner;
    })(np.array(1));
    expect(usedLater(made)).toMatch(at("nested-op"));
  });

  it(`records sites during a function's first ${RECORDED_CALLS} calls; a closure re-created each call counts as one function`, () => {
    const step = (k: number) =>
      grad((x: Tensor) => {
        made = np.expm1(x); // budget-op
        return np.sum(np.mul(made, k));
      })(np.ones([2]));
    step(0);
    expect(usedLater(made)).toMatch(at("budget-op"));
    for (let k = 1; k < RECORDED_CALLS; k++) step(k);
    step(RECORDED_CALLS);
    // Later calls cost nothing extra; the error still names the transform and the type.
    const message = usedLater(made);
    expect(message).not.toMatch(/escaped-tracer-site\.test\.ts/);
    expect(message).toMatch(/a traced f32\[2\] created inside grad\(f\) was used after grad\(f\) returned/);
  });
});
