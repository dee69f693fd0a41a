/**
 * The one fixed seed of every seeded generator in the tests and laws: fast-check properties and
 * the seeded data generators. `FC_SEED` overrides it to replay a failure
 * (`FC_SEED=7 npx vitest run laws`).
 */
export const seed: number = Number(process.env.FC_SEED ?? 42);
