/**
 * Test support shared by every test file and law: closeness under one tolerance policy
 * (`expect.ts`), `thrown`, float64 finite differences (`fd.ts`), tensor helpers (`tensors.ts`),
 * the one fixed seed (`seed.ts`) and `bad`, the one cast for deliberately ill-typed input (`bad.ts`).
 */
export { EXACT, type Tol, defaultRtol, expectClose, expectShape, expectTreeClose, mismatches, thrown } from "./expect.js";
export { fdGrad, fdJacobian, fdJvp } from "./fd.js";
export { seed } from "./seed.js";
export { T, f64, i32, s64, vals } from "./tensors.js";
export { type AnyFunction, bad } from "./bad.js";
export { expectFixtureCoverage } from "./fixture-coverage.js";
