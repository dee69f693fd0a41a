/**
 * Every bad input of shared/RELIABILITY.md that reaches the differentiation layer (grad, jvp,
 * vjp, linearize, linearTranspose, customJvp, customVjp) raises its FluxionError subclass with a
 * message that says what was wrong, where (transform, function, argument path) and what to do.
 */
import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  ConcretizationError,
  DTypeError,
  FluxionError,
  NonDifferentiableError,
  PyTreeError,
  ShapeError,
  UnexpectedTracerError,
  customJvp,
  customVjp,
  grad,
  jvp,
  linearTranspose,
  linearize,
  np,
  valueAndGrad,
  vjp,
  type Tensor,
} from "../../src/index.js";
import { bad, thrown } from "../support/index.js";

/** Expects `f` to throw an instance of `cls` whose message matches every pattern; returns the message. */
function expectError(f: () => unknown, cls: new (...a: never[]) => Error, ...patterns: (RegExp | string)[]): string {
  const e = thrown(f);
  expect(e, `${e?.name}: ${e?.message}`).toBeInstanceOf(cls);
  expect(e).toBeInstanceOf(FluxionError);
  for (const p of patterns) {
    if (typeof p === "string") expect(e.message).toContain(p);
    else expect(e.message).toMatch(p);
  }
  return e.message;
}

// ---------------------------------------------------------------------------------------------
// grad / valueAndGrad
// ---------------------------------------------------------------------------------------------

describe("grad: outputs", () => {
  it("a non-scalar output: the RELIABILITY.md message, naming the function", () => {
    const msg = expectError(
      () =>
        grad(function loss(x: Tensor) {
          return np.sin(x);
        })(np.ones([3])),
      ShapeError,
    );
    expect(msg).toBe("grad(loss) requires a scalar output; got shape [3]. Reduce it (out.sum()) or use jacrev / vjp.");
  });

  it("a non-scalar output through valueAndGrad, and a [2, 2] output", () => {
    expectError(() => valueAndGrad((x: Tensor) => np.mul(x, 2))(np.ones([2, 2])), ShapeError, "requires a scalar output; got shape [2,2]", "out.sum()");
  });

  it("several outputs (a list of scalars) without hasAux", () => {
    expectError(() => grad((x: Tensor) => [np.sum(x), np.sum(x)])(np.ones([2])), ShapeError, "requires a scalar output", "[*, *]", "hasAux");
  });

  it("an integer output", () => {
    expectError(() => grad((x: Tensor) => np.astype(np.sum(x), "int32"))(np.ones([2])), DTypeError, "requires a float output; got int32", "np.astype");
  });
});

describe("grad: inputs", () => {
  it("w.r.t. an int32 input", () => {
    const msg = expectError(() => grad((x: Tensor) => np.sum(x))(np.array([1, 2], { dtype: "int32" })), DTypeError);
    expect(msg).toBe("grad(f) requires float or complex inputs; args[0] is int32. Cast with np.astype, or use vjp.");
  });

  it("w.r.t. a bool input, and the path of the argument with argnums", () => {
    expectError(() => grad((x: Tensor) => np.sum(np.astype(x, "float32")))(np.array([true, false])), DTypeError, "requires float or complex inputs; args[0] is bool");
    expectError(
      () => grad((x: Tensor, n: Tensor) => np.sum(np.mul(x, n)), { argnums: [0, 1] })(np.ones([2]), np.array([1, 2], { dtype: "int32" })),
      DTypeError,
      "args[1]",
      "int32",
      "np.astype",
    );
  });

  it("an int leaf inside a pytree argument", () => {
    expectError(
      () => grad((p: { w: Tensor; n: Tensor }) => np.sum(p.w))({ w: np.ones([2]), n: np.array([1], { dtype: "int32" }) }),
      DTypeError,
      "args[0]",
      "int32",
    );
  });

  it("argnums out of range says how many positional arguments were passed", () => {
    expectError(() => grad((x: Tensor) => np.sum(x), { argnums: 2 })(np.ones([2])), ArgumentError, "argnums contains 2", "1 positional argument was passed", "[0, 0]");
    expectError(
      () => grad((x: Tensor, y: Tensor) => np.sum(np.mul(x, y)), { argnums: [0, 3] })(np.ones([2]), np.ones([2])),
      ArgumentError,
      "argnums contains 3",
      "2 positional arguments were passed",
    );
    expectError(() => grad((x: Tensor) => np.sum(x), { argnums: -2 })(np.ones([2])), ArgumentError, "argnums contains -2", "1 positional argument");
  });

  it("argnums repeated or not an integer", () => {
    expectError(() => grad((x: Tensor, y: Tensor) => np.sum(np.mul(x, y)), { argnums: [0, 0] })(np.ones([2]), np.ones([2])), ArgumentError, "repeats");
    expectError(() => grad((x: Tensor, y: Tensor) => np.sum(np.mul(x, y)), { argnums: 0.5 })(np.ones([2]), np.ones([2])), ArgumentError, "0.5");
  });

  it("not a function", () => {
    expectError(() => grad(bad(3)), ArgumentError, "grad", "expected a function, got number");
    expectError(() => jvp(bad("f"), [1], [1]), ArgumentError, "jvp", "expected a function");
    expectError(() => vjp(bad(null), 1), ArgumentError, "vjp", "expected a function");
  });
});

describe("grad: hasAux output not [value, aux]", () => {
  it("names the function and what it returned", () => {
    expectError(
      () =>
        grad(
          function loss(x: Tensor) {
            return np.sum(x);
          },
          { hasAux: true },
        )(np.ones([2])),
      ArgumentError,
      "loss",
      "must return [value, aux]",
      "it returned an object",
    );
    expectError(
      () =>
        valueAndGrad(
          bad(function loss(x: Tensor) {
            return [np.sum(x), 1, 2];
          }),
          { hasAux: true },
        )(np.ones([2])),
      ArgumentError,
      "loss",
      "[value, aux]",
      "an array of length 3",
    );
  });

  it("names the transform the user called (grad, not valueAndGrad)", () => {
    const msg = thrown(() =>
      grad(
        function loss(x: Tensor) {
          return np.sum(x);
        },
        { hasAux: true },
      )(np.ones([2])),
    ).message;
    expect(msg).toMatch(/^grad\(loss\)/);
  });
});

// ---------------------------------------------------------------------------------------------
// jvp / linearize
// ---------------------------------------------------------------------------------------------

describe("jvp: tangents unlike their primals", () => {
  const f = (p: { w: Tensor }): Tensor => np.sum(p.w);

  it("another structure: PyTreeError with the path and both structures", () => {
    expectError(() => jvp(f, [{ w: np.ones([2]) }], [bad({ v: np.ones([2]) })]), PyTreeError, "tangents[0]", '{"v": *}', '{"w": *}');
    expectError(() => jvp((a: Tensor) => a, [np.ones([2])], [bad([np.ones([2])])]), PyTreeError, "tangents[0]", "[*]");
  });

  it("another shape: ShapeError with the path and both shapes", () => {
    expectError(() => jvp(f, [{ w: np.ones([2]) }], [{ w: np.ones([3]) }]), ShapeError, "tangents[0]", "shape [3]", "primal has [2]");
    expectError(() => jvp((a: Tensor, b: Tensor) => np.mul(a, b), [np.ones([2]), np.ones([2, 2])], [np.ones([2]), np.ones([2])]), ShapeError, "tangents[1]", "[2]", "[2,2]");
  });

  it("another dtype: DTypeError with the path and both dtypes", () => {
    expectError(() => jvp(f, [{ w: np.ones([2]) }], [{ w: np.ones([2], "float64") }]), DTypeError, "tangents[0]", "float64", "float32", "np.astype");
  });

  it("another number of tangents than primals", () => {
    expectError(() => jvp((a: Tensor, b: Tensor) => np.mul(a, b), [np.ones([2]), np.ones([2])], bad([np.ones([2])])), PyTreeError, "1 tangents given for 2 primal arguments");
  });

  it("linearize's jvpFn checks its tangents the same way", () => {
    const [, fJvp] = linearize((x: Tensor) => np.sin(x), np.ones([2]));
    expectError(() => fJvp(np.ones([3])), ShapeError, "linearize", "tangents[0]", "[3]", "[2]");
    expectError(() => fJvp(np.ones([2], "float64")), DTypeError, "tangents[0]", "float64");
    expectError(() => bad<(...t: Tensor[]) => unknown>(fJvp)(np.ones([2]), np.ones([2])), PyTreeError, "2 tangents given for 1 primal argument");
  });
});

// ---------------------------------------------------------------------------------------------
// vjp / linearTranspose
// ---------------------------------------------------------------------------------------------

describe("vjp: cotangents unlike the output", () => {
  it("another structure: PyTreeError with both structures", () => {
    const [, pb] = vjp((x: Tensor) => [x, np.sin(x)], np.ones([2]));
    expectError(() => pb(bad(np.ones([2]))), PyTreeError, "vjp", "cotangent", "PyTreeDef(*)", "PyTreeDef([*, *])");
    const [, pb2] = vjp((x: Tensor) => ({ y: x }), np.ones([2]));
    expectError(() => pb2(bad({ z: np.ones([2]) })), PyTreeError, "cotangent", '{"z": *}', '{"y": *}');
  });

  it("another shape: ShapeError with both shapes", () => {
    const [, pb] = vjp((x: Tensor) => ({ y: x }), np.ones([2]));
    expectError(() => pb({ y: np.ones([3]) }), ShapeError, "vjp", "cotangent", "[3]", "[2]");
  });

  it("another dtype: DTypeError with both dtypes", () => {
    const [, pb] = vjp((x: Tensor) => x, np.ones([2]));
    expectError(() => pb(np.ones([2], "float64")), DTypeError, "cotangent", "float64", "float32");
  });

  it("linearTranspose checks its cotangent", () => {
    const fT = linearTranspose((x: Tensor) => np.mul(x, 2), np.ones([2]));
    expectError(() => fT(np.ones([3])), ShapeError, "linearTranspose", "cotangent", "[3]", "[2]");
  });

  it("linearTranspose of a non-linear function: NonDifferentiableError naming the op", () => {
    expectError(
      () => linearTranspose((x: Tensor) => np.sin(x), np.zeros([2]))(np.ones([2])),
      NonDifferentiableError,
      "linearTranspose",
      "not linear",
      "sin",
      "use vjp",
    );
  });

  it("linearTranspose of x·x (the product of two linear values): NonDifferentiableError naming mul", () => {
    expectError(() => linearTranspose((x: Tensor) => np.mul(x, x), np.zeros([2]))(np.ones([2])), NonDifferentiableError, "not linear", "mul");
  });

  it("linearTranspose of dot(x, x): NonDifferentiableError naming dot_general", () => {
    expectError(() => linearTranspose((x: Tensor) => np.dot(x, x), np.zeros([2]))(np.ones([])), NonDifferentiableError, "not linear", "dot_general");
  });

  it("linearTranspose of 2/x (linear denominator): NonDifferentiableError, not a silent zero", () => {
    expectError(() => linearTranspose((x: Tensor) => np.div(2, x), np.zeros([2]))(np.ones([2])), NonDifferentiableError, "not linear", "div");
  });
});

// ---------------------------------------------------------------------------------------------
// Custom rules
// ---------------------------------------------------------------------------------------------

describe("customVjp: bad fwd / bwd", () => {
  it("bwd with the wrong number of cotangents names the rule and the count", () => {
    const mul = customVjp(
      function mul(x: Tensor, y: Tensor) {
        return np.mul(x, y);
      },
      (x: Tensor, y: Tensor): [Tensor, Tensor[]] => [np.mul(x, y), [x, y]],
      (_r: Tensor[], g: Tensor) => [g],
    );
    expectError(() => grad((x: Tensor) => np.sum(mul(x, np.ones([2]))))(np.ones([2])), PyTreeError, "customVjp(mul)", "one cotangent per argument (2)", "array of length 1");
  });

  it("bwd returning something other than an array", () => {
    const s = customVjp(
      function s(x: Tensor) {
        return np.sin(x);
      },
      (x: Tensor): [Tensor, null] => [np.sin(x), null],
      (_r: null, g: Tensor) => bad<unknown[]>(g),
    );
    expectError(() => grad(s)(1), PyTreeError, "customVjp(s)", "bwd must return an array");
  });

  it("bwd of the wrong structure names the rule and the argument", () => {
    const f = customVjp(
      function total(p: { w: Tensor }) {
        return np.sum(p.w);
      },
      (p: { w: Tensor }): [Tensor, null] => [np.sum(p.w), null],
      (_r: null, g: Tensor) => [{ v: g }],
    );
    expectError(() => grad((p: { w: Tensor }) => f(p))({ w: np.ones([2]) }), PyTreeError, "customVjp(total)", "args[0]", '{"v": *}', '{"w": *}');
  });

  it("bwd of the wrong shape names the rule, the component and both shapes", () => {
    const f = customVjp(
      function wide(x: Tensor) {
        return np.sin(x);
      },
      (x: Tensor): [Tensor, null] => [np.sin(x), null],
      (_r: null, _g: Tensor) => [np.ones([3])],
    );
    expectError(() => grad((x: Tensor) => np.sum(f(x)))(np.ones([2])), ShapeError, "wide", "bwd", "cotangent 0", "[3]", "[2]");
  });

  it("bwd of the wrong dtype names the rule and both dtypes", () => {
    const f = customVjp(
      function dbl(x: Tensor) {
        return np.sin(x);
      },
      (x: Tensor): [Tensor, null] => [np.sin(x), null],
      (_r: null, _g: Tensor) => [np.ones([2], "float64")],
    );
    expectError(() => grad((x: Tensor) => np.sum(f(x)))(np.ones([2])), FluxionError, "dbl", "bwd", "float64", "f32");
  });

  it("fwd not returning [out, residuals], or an output unlike f's", () => {
    const f = customVjp(
      function pairless(x: Tensor) {
        return np.sin(x);
      },
      (x: Tensor) => bad<[Tensor, null]>(np.sin(x)),
      (_r: null, g: Tensor) => [g],
    );
    expectError(() => grad(f)(1), ArgumentError, "customVjp(pairless)", "fwd must return [out, residuals]");
    const g = customVjp(
      function widefwd(x: Tensor) {
        return np.sin(x);
      },
      (_x: Tensor): [Tensor, null] => [np.ones([3]), null],
      (_r: null, ct: Tensor) => [ct],
    );
    expectError(() => grad((x: Tensor) => np.sum(g(x)))(np.ones([2])), ShapeError, "widefwd", "fwd", "[3]", "[2]");
  });

  it("jvp of a customVjp function: NonDifferentiableError naming the rule", () => {
    const f = customVjp(
      function clip(x: Tensor) {
        return np.sin(x);
      },
      (x: Tensor): [Tensor, Tensor] => [np.sin(x), x],
      (x: Tensor, g: Tensor) => [np.mul(g, np.cos(x))],
    );
    expectError(() => jvp(f, [np.ones([2])], [np.ones([2])]), NonDifferentiableError, "clip", "custom vjp", "customJvp");
    // As in JAX, linearize itself may succeed; evaluating the forward-mode map must not.
    expectError(() => {
      const [, fJvp] = linearize(f, np.ones([2]));
      return fJvp(np.ones([2]));
    }, NonDifferentiableError, "clip");
  });
});

describe("customJvp: bad rules", () => {
  it("a rule not returning [primalOut, tangentOut]", () => {
    const f = customJvp(
      function one(x: Tensor) {
        return np.sin(x);
      },
      ([x]: [Tensor], _t: [Tensor]) => bad<[Tensor, Tensor]>([np.sin(x)]),
    );
    expectError(() => grad(f)(1), ArgumentError, "customJvp(one)", "[primalOut, tangentOut]", "array of length 1");
  });

  it("a tangent output of another structure or shape names the rule", () => {
    const s = customJvp(
      function structured(x: Tensor) {
        return np.sin(x);
      },
      ([x]: [Tensor], [dx]: [Tensor]) => bad<[Tensor, Tensor]>([np.sin(x), { a: dx }]),
    );
    expectError(() => jvp(s, [np.array(1)], [np.array(1)]), PyTreeError, "customJvp(structured)", "tangent output", '{"a": *}');
    const w = customJvp(
      function widened(x: Tensor) {
        return np.sin(x);
      },
      ([x]: [Tensor], _t: [Tensor]): [Tensor, Tensor] => [np.sin(x), np.ones([3])],
    );
    expectError(() => jvp(w, [np.array(1)], [np.array(1)]), ShapeError, "widened", "tangent output 0", "[3]");
    expectError(() => grad(w)(1), ShapeError, "widened", "tangent output 0");
  });
});

// ---------------------------------------------------------------------------------------------
// Tracers: escape and concretization; asynchronous functions
// ---------------------------------------------------------------------------------------------

describe("traced values", () => {
  it("a tracer escaping a grad and used later: UnexpectedTracerError with the aval and the transform", () => {
    let leaked: Tensor | undefined;
    grad((x: Tensor) => {
      leaked = x;
      return np.sum(x);
    })(np.ones([2]));
    expectError(() => np.add(leaked!, 1), UnexpectedTracerError, "f32[2]", "grad(f)", "escaped", "Return it");
  });

  it("escaping jvp and vjp, and an inner grad's tracer used by the outer grad", () => {
    let a: Tensor | undefined;
    jvp((x: Tensor) => ((a = x), x), [np.array(1)], [np.array(1)]);
    expectError(() => np.mul(a!, 2), UnexpectedTracerError, "jvp(f)");
    let b: Tensor | undefined;
    vjp((x: Tensor) => ((b = x), x), np.array(1));
    expectError(() => np.sin(b!), UnexpectedTracerError, "vjp(f)");
    let inner: Tensor | undefined;
    expectError(
      () =>
        grad((x: Tensor) => {
          grad((y: Tensor) => ((inner = y), np.mul(x, y)))(1);
          return np.mul(x, inner!);
        })(1),
      UnexpectedTracerError,
      "f32[]",
    );
  });

  it("Number(x) inside grad: ConcretizationError naming the aval and grad", () => {
    expectError(
      () =>
        grad(function g(x: Tensor) {
          return Number(x) > 0 ? x : np.neg(x);
        })(1),
      ConcretizationError,
      "cannot read the value of a traced f32[]",
      "inside grad(g)",
      "np.where",
    );
  });

  it("x > 0 and x.item() inside grad, Number(x) inside jvp and vjp", () => {
    expectError(() => grad((x: Tensor) => (bad<number>(x) > 0 ? x : np.neg(x)))(1), ConcretizationError, "grad(");
    expectError(() => grad((x: Tensor) => (x.item() > 0 ? x : np.neg(x)))(1), ConcretizationError, "grad(");
    expectError(() => jvp((x: Tensor) => (Number(x) > 0 ? x : x), [np.array(1)], [np.array(1)]), ConcretizationError, "jvp(");
    expectError(() => vjp((x: Tensor) => (Number(x) > 0 ? x : x), np.array(1)), ConcretizationError, "vjp(");
  });

  it("a string conversion of a tracer is readable and does not throw", () => {
    let text = "";
    grad((x: Tensor) => {
      text = `${x}`;
      return np.sum(x);
    })(np.ones([3]));
    expect(text).toBe("Tracer<f32[3]>");
  });

  it("a Promise-returning function under grad, jvp, vjp: a FluxionError saying it must be synchronous", () => {
    const asyncF = bad<(x: Tensor) => Tensor>(async function h(x: Tensor) {
      return x;
    });
    expectError(() => grad(asyncF)(1), ArgumentError, "grad(h)", "Promise", "synchronous");
    expectError(() => jvp(asyncF, [1], [1]), ArgumentError, "jvp(h)", "synchronous");
    expectError(() => vjp(asyncF, 1), ArgumentError, "vjp(h)", "synchronous");
  });
});
