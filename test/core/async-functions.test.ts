/**
 * Transformed functions must be synchronous. An `async` function (or any function returning a
 * Promise) given to a transform raises an `ArgumentError` naming the transform, and leaves no
 * unhandled rejection behind: an async body that reaches a tracer after the transform returned
 * rejects its Promise later, and an unhandled rejection ends a Node process even though the user
 * caught the error.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ArgumentError,
  FluxionError,
  type Tensor,
  checkGrads,
  checkpoint,
  customJvp,
  customVjp,
  debugNans,
  grad,
  hessian,
  jacfwd,
  jacrev,
  jit,
  jvp,
  lax,
  linearTranspose,
  linearize,
  np,
  trace,
  valueAndGrad,
  vjp,
  vmap,
} from "../../src/index.js";
import { bad } from "../support/index.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fits every slot a user function can fill
type F = (...args: any[]) => any;

/** Waits for a few macrotask turns, long enough for every pending Promise job to settle. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 20));
};

// The three ways a function can hand a transform a Promise.
const shapes = {
  /** Uses its (traced) argument after an await: the Promise rejects once the transform has returned. */
  asyncAfterAwait: bad<F>(async function h(x: Tensor) {
    await null;
    return np.sin(x);
  }),
  /** Throws inside the async body: the Promise is rejected at once. */
  asyncThrows: bad<F>(async function h() {
    throw new Error("inside an async body");
  }),
  /** A plain function returning a Promise that rejects later. */
  returnsPromise: bad<F>(function h(x: Tensor) {
    return Promise.resolve().then(() => np.cos(x));
  }),
};

// Every entry point that calls a user function, as [name the message must contain, call].
const x = () => np.array(0.5);
const id = (v: Tensor) => v;
const cases: [RegExp, (h: F) => unknown][] = [
  [/grad/, (h) => grad(h)(x())],
  [/valueAndGrad/, (h) => valueAndGrad(h)(x())],
  [/grad/, (h) => grad(h, { hasAux: true })(x())],
  [/vjp/, (h) => vjp(h, x())],
  [/jvp/, (h) => jvp(h, [x()], [x()])],
  [/linearize/, (h) => linearize(h, x())],
  [/linearTranspose/, (h) => linearTranspose(h, x())],
  [/jit/, (h) => jit(h)(x())],
  [/vmap/, (h) => vmap(h)(np.ones([3]))],
  [/jacfwd/, (h) => jacfwd(h)(x())],
  [/jacrev/, (h) => jacrev(h)(x())],
  // hessian is jacfwd(jacrev(f)): a Promise found only on the result is reported by the inner jacrev.
  [/hessian|jacrev/, (h) => hessian(h)(x())],
  [/trace/, (h) => trace(h)(x())],
  [/checkpoint/, (h) => grad(checkpoint(h))(x())],
  [/customJvp/, (h) => customJvp(h, ([p], [t]) => [p, t])(x())],
  [/customJvp/, (h) => jvp(customJvp(id, bad(h)), [x()], [x()])],
  [/customVjp/, (h) => customVjp(h, (v: Tensor) => [v, null], (_r, g) => [g])(x())],
  [/customVjp/, (h) => grad(customVjp(id, bad(h), (_r, g) => [g]))(x())],
  [/customVjp/, (h) => grad(customVjp(id, (v: Tensor) => [v, null], bad(h)))(x())],
  [/lax\.cond/, (h) => lax.cond(np.array(true), h, id, x())],
  [/lax\.cond/, (h) => lax.cond(np.array(false), id, h, x())],
  [/lax\.switch/, (h) => lax.switchCase(1, [id, h], x())],
  [/lax\.scan/, (h) => lax.scan(h, x(), np.ones([3]))],
  [/lax\.whileLoop/, (h) => lax.whileLoop(h, id, x())],
  [/lax\.whileLoop/, (h) => lax.whileLoop((c: Tensor) => np.less(c, 1), h, x())],
  [/lax\.forLoop/, (h) => lax.forLoop(0, 3, h, x())],
  [/debugNans/, (h) => debugNans(h)],
  // checkGrads differentiates with jvp: a Promise found only on the result is reported by jvp.
  [/checkGrads|jvp\(h\)/, (h) => checkGrads(h, [x()])],
];

/** A Promise returned by a function that debugNans' thunk calls is refused when the thunk returns it. */
const indirect: [RegExp, (h: F) => unknown][] = [[/debugNans/, (h) => debugNans(() => h(x()))]];

describe("a function returning a Promise under a transform", () => {
  const rejections: unknown[] = [];
  const listener = (reason: unknown): void => {
    rejections.push(reason);
  };
  beforeEach(() => {
    rejections.length = 0;
    process.on("unhandledRejection", listener);
  });
  afterEach(() => {
    process.off("unhandledRejection", listener);
  });

  for (const [shape, h] of Object.entries(shapes)) {
    it(`${shape}: an ArgumentError naming the transform for every entry point, and no unhandled rejection`, async () => {
      for (const [name, call] of [...cases, ...indirect]) {
        let caught: unknown;
        try {
          call(h);
        } catch (e) {
          caught = e;
        }
        expect(caught, `${name} with ${shape}`).toBeInstanceOf(ArgumentError);
        expect(caught).toBeInstanceOf(FluxionError);
        const message = (caught as Error).message;
        expect(message, `${name} with ${shape}`).toMatch(name);
        expect(message).toMatch(/must be synchronous/);
        expect(message).toMatch(/Remove async\/await/);
      }
      await settle();
      expect(rejections.map(String)).toEqual([]);
    });
  }

  it("an async function given to a transform is refused before it runs: none of its body executes", () => {
    let ran = 0;
    const h = bad<F>(async (v: Tensor) => {
      ran++;
      return v;
    });
    for (const [, call] of cases) expect(() => call(h)).toThrow(ArgumentError);
    expect(ran).toBe(0);
  });

  it("the function is named in the message", () => {
    expect(() => grad(shapes.asyncThrows)(x())).toThrow(/grad\(h\)/);
    expect(() => jit(shapes.returnsPromise)(x())).toThrow(/jit\(h\)/);
  });

  it("a Promise inside a returned pytree is a PyTreeError and its rejection is handled", async () => {
    for (const call of [(h: F) => grad(h)(x()), (h: F) => jit(h)(x()), (h: F) => vmap(h)(np.ones([2, 2]))]) {
      const h = bad<F>((v: Tensor) => [np.sum(v), Promise.reject(new Error("nested rejection"))]);
      expect(() => call(h)).toThrow(/Promise/);
    }
    await settle();
    expect(rejections.map(String)).toEqual([]);
  });

  it("a thenable whose then() throws is still refused with the transform's error", () => {
    const thenable = { then: () => { throw new Error("hostile then"); } };
    expect(() => grad(bad<F>(() => thenable))(x())).toThrow(/grad\(f\).*must be synchronous/);
  });
});
