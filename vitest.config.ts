import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "gateway",
          environment: "node",
          include: ["gateway/test/**/*.test.ts", "contract/**/__tests__/**/*.test.ts", "scripts/__tests__/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        esbuild: { jsx: "automatic" },
        test: {
          name: "panel",
          environment: "jsdom",
          include: ["features/**/__tests__/**/*.test.{ts,tsx}", "shared/**/__tests__/**/*.test.{ts,tsx}", "app/**/__tests__/**/*.test.{ts,tsx}"],
        },
      },
    ],
  },
});
