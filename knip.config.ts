import type { KnipConfig } from "knip";

// `npx knip` (part of `npm run lint`): unused files, exports and dependencies. Knip's Next.js, Vitest, Playwright,
// PostCSS and ESLint plugins find the panel's pages, layouts, route handlers, proxy.ts, the unit and browser tests
// and the configs by themselves; the entries below are the programs they cannot see.
const config: KnipConfig = {
  entry: [
    // The gateway: what scripts/build-gateway.mjs bundles (its tests come from vitest.config.ts).
    "gateway/src/main.ts",
    // Run by npm scripts and by each other (start.mjs, dev.mjs and the e2e setup spawn panel-server.mjs).
    "scripts/*.mjs",
    // Run with tsx by `npm run bench*`.
    "bench/*.ts",
  ],
  project: ["**/*.{ts,tsx,mjs,css}"],
  // Tailwind and its animation presets are imported from app/globals.css.
  compilers: { css: (text: string) => [...text.matchAll(/(?<=@)import[^;]+/g)].join("\n") },
  ignoreIssues: {
    // The gateway is being restructured on another branch (Fastify plugins, fastify-type-provider-zod): its unused
    // exports (migrations' up/down, helpers exported for tests, DB table types) are left to that work.
    "gateway/**": ["exports", "types"],
    // gateway/test/baileys-engine.test.ts imports `ws`, which baileys brings; declaring it is the same work's.
    "gateway/test/**": ["unlisted"],
    // The shadcn/ui kit keeps shadcn's export list (DialogClose, DropdownMenuSub, TableCaption...), so the next
    // screen that needs a piece uses it instead of editing the kit. Unused kit files are still reported.
    "shared/ui/**": ["exports", "types"],
  },
  ignoreDependencies: [
    // Installed for the gateway rebuild on another branch (d3bec8e), not used by this code yet.
    "@fastify/swagger",
    "@fastify/swagger-ui",
    "fastify-type-provider-zod",
    "@hey-api/openapi-ts",
    "@redocly/cli",
    "@stoplight/spectral-cli",
    // Not imported anywhere (the gateway logs JSON); removing either changes package-lock.json, which is done with
    // npm on main, not on this branch.
    "pino-pretty",
    "typescript-eslint",
  ],
};

export default config;
