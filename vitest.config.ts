import { defineConfig } from "vitest/config";

// Laws (property tests) and example tests run together; both are part of `npm test`.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "laws/**/*.law.ts", "laws/**/*.test.ts"],
    testTimeout: 60_000,
    // toEqual compares tensors by shape, dtype and elements (they iterate, which toEqual would walk).
    setupFiles: ["test/support/tensor-equality.ts"],
  },
});
