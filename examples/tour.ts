/**
 * `npm run tour`: a short tour of fluxion — tensors, a traced graph, derivatives of any order,
 * per-example gradients with vmap, control flow, jit, and drawing graphs. Each step prints what a
 * notebook user would look at.
 */
import { type Tensor, evaluate, grad, hessian, jit, lax, nn, np, random, toMermaid, trace, vmap } from "../src/index.js";

const section = (title: string): void => console.log(`\n── ${title} ${"─".repeat(Math.max(0, 66 - title.length))}`);
const show = (t: unknown): string => JSON.stringify((t as Tensor).toArray(), (_k, v) => (typeof v === "number" ? Number(v.toFixed(6)) : v));

section("Tensors are immutable n-d arrays");
const x = np.array([[1, 2, 3], [4, 5, 6]]);
console.log("x =", show(x), `(${x.typeString})`);
console.log("x.T.matmul(x) =", show(x.T.matmul(x)));
console.log("x.sum(1) =", show(x.sum(1)), "  x.mean() =", x.mean().item());
console.log("x.at(0).set(0) =", show(x.at(0).set(0)), "  (x unchanged:", show(x.get(0)), ")");
console.log("softmax(x) =", show(nn.softmax(x)));

section("Tracing gives an immutable graph; evaluating it equals running f");
const f = (w: Tensor, xs: Tensor): Tensor => np.sum(np.tanh(np.matmul(xs, w)).mul(xs.sum(1, true)));
const w = random.normal(random.key(0), [3, 2]);
const graph = trace(f)(w, x);
console.log(graph.toString());
console.log("evaluate(graph, w, x) =", (evaluate(graph, w, x) as Tensor).item(), "  f(w, x) =", f(w, x).item());

section("Derivatives compose to any order");
console.log("grad(tanh)(2)             =", (grad(np.tanh)(2) as Tensor).item(), "  (JAX: 0.070650816)");
console.log("grad(grad(tanh))(2)       =", (grad(grad(np.tanh))(2) as Tensor).item(), "  (JAX: -0.13621868)");
console.log("grad(grad(grad(tanh)))(1) =", (grad(grad(grad(np.tanh)))(1) as Tensor).item(), "  (JAX: 0.6216267)");
const quartic = (v: Tensor): Tensor => np.sum(np.pow(v, 4));
console.log("hessian(sum(x^4))([1, 2]) =", show(hessian(quartic)(np.array([1, 2]))));

section("The backward pass is a graph you can read");
console.log(trace(grad((v: Tensor) => np.sum(np.tanh(v).mul(v))))(np.ones([3])).toString());

section("Per-example gradients with vmap");
const loss = (wt: Tensor, xi: Tensor, yi: Tensor): Tensor => np.square(np.sub(np.dot(xi, wt), yi));
const xs = random.normal(random.key(1), [4, 3]);
const ys = np.array([1, 0, 1, 0]);
const perExample = vmap(grad(loss), { inAxes: [null, 0, 0] })(np.ones([3]), xs, ys);
console.log("vmap(grad(loss)) over 4 examples ->", (perExample as Tensor).shape, show(perExample));

section("Control flow that tracing can see");
const collatz = jit((n0: Tensor) =>
  lax.whileLoop(
    ([n]: Tensor[]) => np.greater(n!, 1),
    ([n, k]: Tensor[]) => [np.where(np.equal(np.mod(n!, 2), 0), np.div(n!, 2), np.add(np.mul(n!, 3), 1)), k!.add(1)],
    [n0, np.array(0, { dtype: "int32" })],
  ),
);
console.log("Collatz steps of 27 (whileLoop under jit):", (collatz(np.array(27)) as Tensor[])[1]!.item());
const rnn = (wh: Tensor, seq: Tensor): Tensor =>
  np.sum(lax.scan((h: Tensor, xt: Tensor) => { const hn = np.tanh(np.add(np.matmul(h, wh), xt)); return [hn, hn]; }, np.zeros([2]), seq)[1]);
console.log("grad of an RNN through lax.scan:", show(grad(rnn)(np.eye(2).mul(0.5), random.normal(random.key(2), [5, 2]))));

section("Draw a graph (paste into a Mermaid renderer; toDot and toSvg work too)");
console.log(toMermaid(trace((v: Tensor) => np.sum(np.sin(v)))(np.ones([3]))));
