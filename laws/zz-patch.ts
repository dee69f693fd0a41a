// SCRATCH (deleted after use): replaces one registry entry with a deliberately wrong one.
import { registry } from "../src/primitives/registry.js";
import { fromData } from "../src/tensor/from-js.js";
const which = process.env.MUTANT;
const orig: Record<string, any> = {};
for (const [k, v] of Object.entries(registry as any)) orig[k] = (v as any).impl;
const r = registry as unknown as Record<string, any>;
const patch = (name: string, impl: any) => (r[name] = Object.freeze({ ...r[name], impl }));
if (which === "argmax-float") patch("argmax", (xs: any, p: any, outs: any) => { const [t] = orig.argmax(xs, p, outs); return [fromData(t.shape, "int32", new Float32Array(t.buffer) as any)]; });
if (which === "transpose-inverse") patch("transpose", (xs: any, p: any, outs: any) => {
  const perm = p.permutation; const inv: number[] = []; perm.forEach((q: number, i: number) => (inv[q] = i));
  const same = perm.every((q: number, i: number) => q === inv[i]);
  return same ? orig.transpose(xs, p, outs) : orig.transpose(xs, { permutation: inv }, outs).map((t: any) => fromData(outs[0].shape, t.dtype, t.buffer.length === 0 ? t.buffer : t.buffer));
});
if (which === "neg-inplace") patch("neg", (xs: any) => { const b = xs[0].buffer; for (let i = 0; i < b.length; i++) b[i] = -b[i]; return [fromData(xs[0].shape, xs[0].dtype, b)]; });
if (which === "max-nan") patch("max", (xs: any, p: any, outs: any) => { const [a, b] = xs; const o = new (a.buffer.constructor)(outs[0].shape.reduce((n: number, d: number) => n * d, 1)); for (let i = 0; i < o.length; i++) { const x = a.buffer[a.size === 1 ? 0 : i], y = b.buffer[b.size === 1 ? 0 : i]; o[i] = x > y ? x : y; } return [fromData(outs[0].shape, outs[0].dtype, o)]; });
if (which === "stateful-sin") { let calls = 0; patch("sin", (xs: any, p: any, outs: any) => { calls++; const [t] = orig.sin(xs, p, outs); if (calls % 2 === 0 && t.buffer.length > 0) t.buffer[0] += 1; return [t]; }); }
if (which === "bcast-left") patch("broadcast_in_dim", (xs: any, p: any, outs: any) => orig.broadcast_in_dim(xs, { ...p, broadcastDimensions: p.broadcastDimensions.map((_: number, i: number) => i) }, outs));
