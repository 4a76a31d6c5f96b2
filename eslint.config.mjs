import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import pluginQuery from "@tanstack/eslint-plugin-query";

// Boundaries (docs/architecture.md): shared/ imports no feature or app code; a feature imports no other
// feature; the gateway imports no panel code and the panel no gateway internals; contract/ imports neither.
const FEATURES = ["auth", "system", "instances", "webhooks", "api-keys", "logs", "activity", "alerts", "proxies", "templates"];

const featureZones = FEATURES.map((feature) => ({
  target: `./features/${feature}`,
  from: "./features",
  except: [`./${feature}`],
  message: "A feature may not import another feature; compose them in app/ instead.",
}));

const config = [
  {
    ignores: ["**/.next/**", "node_modules/**", "gateway/dist/**", "test-results/**", "playwright-report/**", "e2e/.artifacts/**", "bench/results/**", "bench/.tmp/**", "next-env.d.ts"],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  ...pluginQuery.configs["flat/recommended"],
  {
    settings: {
      "import/resolver": { typescript: { project: ["./tsconfig.json", "./gateway/tsconfig.json"] }, node: true },
    },
    rules: {
      "import/no-cycle": ["error", { maxDepth: 10 }],
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./shared", from: ["./features", "./app"], message: "shared/ must not import features or app code." },
            ...featureZones,
            { target: "./features", from: "./app", message: "Features must not import app code." },
            { target: "./gateway", from: ["./app", "./features", "./shared"], message: "The gateway must not import panel code." },
            { target: ["./app", "./features", "./shared", "./e2e"], from: "./gateway", message: "The panel must not import gateway internals; use contract/." },
            { target: "./contract", from: ["./app", "./features", "./shared", "./gateway"], message: "contract/ imports neither side." },
          ],
        },
      ],
      // Every panel route is dynamic (it reads the session) and has no loading.js, so Next's viewport prefetch of a
      // link fetches only the route tree: a request per visible link (50 instance rows) that a click does not use
      // (docs/architecture.md, "What every page loads, and why").
      "no-restricted-syntax": [
        "error",
        {
          selector: "JSXOpeningElement[name.name='Link']:not(:has(JSXAttribute[name.name='prefetch']))",
          message: "Pass prefetch={false}: panel routes are dynamic, so a viewport prefetch loads nothing a click uses.",
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // A Transport says how a fetcher reaches the gateway (the browser's BFF or the panel's server), not what it
      // reads: the same data under the same key either way (shared/lib/api-client.ts).
      "@tanstack/query/exhaustive-deps": ["error", { allowlist: { types: ["Transport"] } }],
    },
  },
  {
    files: ["gateway/**/*.ts", "scripts/**/*.mjs", "e2e/**/*.ts", "bench/**/*.{ts,mjs}"],
    rules: { "@next/next/no-assign-module-variable": "off", "react-hooks/rules-of-hooks": "off" },
  },
];

export default config;
