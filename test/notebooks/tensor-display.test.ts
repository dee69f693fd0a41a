/**
 * A tensor in a notebook: `x[Symbol.for("Jupyter.display")]()` gives numpy's repr as text/plain
 * (compared with numpy's own output for the same arrays) and an HTML view whose structure is checked
 * from facts computed here: the header (type, numpy's shape tuple, dtype, NaN/inf counts), the
 * heat-map of a 2-d float tensor (one cell per element, the scale's end colours at the minimum and
 * maximum, NaN and inf in their own colours), the summary of large tensors, and nothing that
 * reaches outside the page.
 */
import { describe, expect, it } from "vitest";
import { np, trace } from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { pythonShape, tensorHtml } from "../../src/tensor/display.js";

type Bundle = { "text/plain": string; "text/html": string };
const display = (x: Tensor): Bundle => (x as unknown as Record<symbol, () => Bundle>)[Symbol.for("Jupyter.display")]!();
const html = (x: Tensor): string => display(x)["text/html"];
const unescape = (s: string): string => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
const preText = (h: string): string | undefined => {
  const m = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(h);
  return m ? unescape(m[1]!) : undefined;
};
const rows = (h: string): string[] => [...h.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
const cells = (row: string): string[] => [...row.matchAll(/<td([^>]*)>([^<]*)<\/td>/g)].map((m) => `${m[1]}|${m[2]}`);
const VIRIDIS_LOW = "rgb(68,1,84)", VIRIDIS_HIGH = "rgb(253,231,37)";

describe("text/plain is numpy's repr", () => {
  // Each expected string is what numpy 2 prints for the same array (repr).
  const cases: [string, () => Tensor, string][] = [
    ["2-d float32", () => np.array([[1, 2], [3, 4]], { dtype: "float32" }), "array([[1., 2.],\n       [3., 4.]], dtype=float32)"],
    ["0-d float32", () => np.array(3.5, { dtype: "float32" }), "array(3.5, dtype=float32)"],
    ["0-d float64", () => np.array(2, { dtype: "float64" }), "array(2.)"],
    ["nan and inf", () => np.array([1, NaN, Infinity, -Infinity], { dtype: "float32" }), "array([  1.,  nan,  inf, -inf], dtype=float32)"],
    ["bool", () => np.array([true, false]), "array([ True, False])"],
    ["complex64", () => np.complex(np.array([1, 2]), np.array([0.5, -1])), "array([1.+0.5j, 2.-1.j ], dtype=complex64)"],
    ["int32 2-d", () => np.array([[1, 2], [3, 4]], { dtype: "int32" }), "array([[1, 2],\n       [3, 4]], dtype=int32)"],
    ["empty", () => np.zeros([0, 3]), "array([], shape=(0, 3), dtype=float32)"],
    [
      "summarised past 1,000 elements",
      () => np.arange(2000).astype("float32"),
      "array([0.000e+00, 1.000e+00, 2.000e+00, ..., 1.997e+03, 1.998e+03,\n       1.999e+03], shape=(2000,), dtype=float32)",
    ],
  ];
  for (const [name, make, numpy] of cases) {
    it(name, () => {
      const out = display(make());
      expect(Object.keys(out).sort()).toEqual(["text/html", "text/plain"]);
      expect(out["text/plain"]).toBe(numpy);
    });
  }
});

describe("the HTML header", () => {
  it("names the type, numpy's shape tuple and the dtype", () => {
    expect(pythonShape([])).toBe("()");
    expect(pythonShape([4])).toBe("(4,)");
    expect(pythonShape([2, 3, 5])).toBe("(2, 3, 5)");
    const h = html(np.zeros([2, 3]));
    expect(h).toContain("f32[2,3]");
    expect(h).toContain("shape (2, 3)");
    expect(h).toContain("dtype float32");
    expect(html(np.array([1, 2, 3, 4], { dtype: "int32" }))).toContain("shape (4,)");
    const scalar = html(np.array(1.5));
    expect(scalar).toContain("f32[]");
    expect(scalar).toContain("shape ()");
    expect(preText(scalar)).toBe("array(1.5, dtype=float32)");
  });

  it("counts NaN and inf in a float or complex tensor, and says nothing when there are none", () => {
    const h = html(np.array([NaN, 1, Infinity, NaN, -Infinity, 0]));
    expect(h).toMatch(/>2 nan</);
    expect(h).toMatch(/>2 inf</);
    expect(html(np.array([1, 2, 3]))).not.toMatch(/nan|inf/);
    const z = np.complex(np.array([NaN, 1, Infinity]), np.array([0, NaN, 0]));
    const hz = html(z);
    expect(hz).toMatch(/>2 nan</); // an element with a NaN part counts once
    expect(hz).toMatch(/>1 inf</);
  });
});

describe("the heat-map of a 2-d float tensor", () => {
  it("has one cell per element, in order, coloured from the minimum to the maximum", () => {
    const values = [[0, 1, 2], [3, 4, 5]];
    const h = html(np.array(values));
    expect(preText(h)).toBeUndefined();
    const table = rows(h).map(cells);
    expect(table.length).toBe(2);
    expect(table.map((r) => r.length)).toEqual([3, 3]);
    expect(table.map((r) => r.map((c) => Number(c.split("|")[1])))).toEqual(values);
    for (const [i, row] of table.entries()) row.forEach((c, j) => expect(c).toContain(`title="[${i}, ${j}] = ${values[i]![j]}"`));
    expect(table[0]![0]).toContain(`background:${VIRIDIS_LOW}`);
    expect(table[1]![2]).toContain(`background:${VIRIDIS_HIGH}`);
    // Every cell's background is a distinct colour: the six values are spread over the scale.
    const backgrounds = table.flat().map((c) => /background:([^;]+);/.exec(c)![1]);
    expect(new Set(backgrounds).size).toBe(6);
    expect(h).toMatch(/min 0 .* max 5/);
  });

  it("gives NaN and inf cells their own colours and keeps them out of the scale", () => {
    const h = html(np.array([[NaN, 1], [Infinity, 3]], { dtype: "float64" }));
    expect(h).toContain("f64[2,2]");
    const [r0, r1] = rows(h).map(cells);
    expect(r0![0]).toMatch(/background:#d62728.*\|nan$/);
    expect(r1![0]).toMatch(/background:#ff7f0e.*\|inf$/);
    expect(r0![1]).toContain(`background:${VIRIDIS_LOW}`); // 1 is the finite minimum
    expect(r1![1]).toContain(`background:${VIRIDIS_HIGH}`); // 3 the finite maximum
    expect(h).toMatch(/min 1 .* max 3/);
  });

  it("is not drawn for integers, bools, complex, other ranks or an empty matrix", () => {
    for (const x of [
      np.array([[1, 2], [3, 4]], { dtype: "int32" }),
      np.array([[true, false]]),
      np.complex(np.ones([2, 2]), np.zeros([2, 2])),
      np.arange(6).astype("float32"),
      np.ones([2, 2, 2]),
      np.zeros([0, 4]),
    ]) {
      const h = html(x);
      expect(h).not.toContain("<table");
      expect(preText(h)).toBe(x.toString());
    }
  });

  it("summarises a large matrix to its corners and says so", () => {
    const n = 1000;
    const x = np.reshape(np.arange(n * n).astype("float32"), [n, n]);
    const started = performance.now();
    const h = html(x);
    expect(performance.now() - started).toBeLessThan(2000);
    const table = rows(h).map(cells);
    expect(table.length).toBe(17); // 8 rows, the gap, 8 rows
    expect(table.every((r) => r.length === 17)).toBe(true);
    expect(table[8]!.every((c) => c.endsWith("|…"))).toBe(true);
    expect(table[0]![16]).toContain(`title="[0, 999] = 999"`);
    expect(table[16]![16]).toContain(`title="[999, 999] = ${n * n - 1}"`);
    expect(table[16]![16]).toContain(`background:${VIRIDIS_HIGH}`);
    expect(h).toContain("rows 0–7 and 992–999 of 1000");
    expect(h).toContain("columns 0–7 and 992–999 of 1000");
    expect(h.length).toBeLessThan(60_000);
    expect(html(np.ones([4, 4]))).not.toContain("showing");
  });
});

describe("large, traced and hostile tensors", () => {
  it("summarises a million-element vector in the HTML too", () => {
    const x = np.zeros([1_000_000]);
    const h = html(x);
    expect(h).toContain("summarised: 1,000,000 elements");
    expect(preText(h)).toBe(x.toString());
    expect(h.length).toBeLessThan(2_000);
  });

  it("shows a traced value by its type only", () => {
    let bundle: Bundle | undefined;
    trace((x: Tensor) => {
      bundle = display(x);
      return x;
    })(np.ones([2, 3]));
    expect(bundle!["text/html"]).toContain("traced value (no data)");
    expect(bundle!["text/html"]).toContain("shape (2, 3)");
    expect(bundle!["text/plain"]).toContain("f32[2,3]");
  });

  it("is self-contained: no scripts, links or external resources", () => {
    for (const x of [np.ones([3, 3]), np.ones([2, 2, 2]), np.array(NaN)]) {
      const h = html(x);
      expect(h).not.toMatch(/<script|<link|<img|https?:|url\(/i);
      expect(h.startsWith("<div>") && h.endsWith("</div>")).toBe(true);
    }
  });

  it("escapes what it prints", () => {
    // No value text can hold markup, so check the escaping on the text the function is given.
    const h = tensorHtml([2], "bool", new Uint8Array([1, 0]));
    expect(preText(h)).toBe("array([ True, False])");
    expect(h.replace(/<\/?(div|pre|b|span)[^>]*>/g, "")).not.toMatch(/[<>]/);
  });
});
