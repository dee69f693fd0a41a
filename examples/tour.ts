/**
 * `npm run demo`: a short tour of fluxion — tensors, a traced graph, evaluating it, jit, and
 * drawing the graph. Each step prints what a notebook user would look at.
 */
import { type Tensor, evaluate, jit, nn, np, random, toMermaid, trace } from "../src/index.js";

const section = (title: string): void => console.log(`\n── ${title} ${"─".repeat(Math.max(0, 60 - title.length))}`);

section("Tensors are immutable n-d arrays");
const x = np.array([[1, 2, 3], [4, 5, 6]]);
console.log("x =", x.toArray(), `(${x.typeString})`);
console.log("x.T.matmul(x) =", x.T.matmul(x).toArray());
console.log("x.sum(1) =", x.sum(1).toArray(), " x.mean() =", x.mean().item());
console.log("x.at(0).set(0) =", x.at(0).set(0).toArray(), " (x unchanged:", x.get(0).toArray(), ")");
console.log("softmax(x) rows =", nn.softmax(x).toArray());

section("Tracing a function gives an immutable graph");
const f = (w: Tensor, xs: Tensor): Tensor => np.sum(np.tanh(np.matmul(xs, w)).mul(xs.sum(1, true)));
const w = random.normal(random.key(0), [3, 2]);
const graph = trace(f)(w, x);
console.log(graph.toString());

section("Evaluating the graph equals running the function");
console.log("evaluate(graph, w, x) =", (evaluate(graph, w, x) as Tensor).item());
console.log("f(w, x)              =", f(w, x).item());

section("jit traces once per shape and reuses the graph");
const fast = jit(f);
console.log("jit(f)(w, x) =", fast(w, x).item());

section("Draw it (paste into a Mermaid renderer)");
console.log(toMermaid(trace((v: Tensor) => np.sum(np.sin(v)))(np.ones([3]))));
