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
    // `npm run docs:screenshots` (tsx).
    "scripts/*.ts",
    // Launched by scripts/__tests__/launcher.test.ts.
    "scripts/__tests__/fixtures/*.mjs",
    // Run with tsx by `npm run bench*`.
    "bench/*.ts",
    // The Lighthouse bench's calibration app, built by `next build bench/fixtures/bare-next`.
    "bench/fixtures/bare-next/next.config.mjs",
  ],
  project: ["**/*.{ts,tsx,mjs,css}"],
  // Tailwind and its animation presets are imported from app/globals.css.
  compilers: { css: (text: string) => [...text.matchAll(/(?<=@)import[^;]+/g)].join("\n") },
  ignoreIssues: {
    // Kysely's migration shape: each file exports up and down, read through the namespace objects in index.ts.
    "gateway/src/db/migrations/0*.ts": ["exports"],
    // The shadcn/ui kit keeps shadcn's export list (DialogClose, DropdownMenuSub, TableCaption...), so the next
    // screen that needs a piece uses it instead of editing the kit. Unused kit files are still reported.
    "shared/ui/**": ["exports", "types"],
  },
  ignoreDependencies: [
    // Binaries run by scripts/lint-openapi.mjs through npx, which knip does not follow.
    "@redocly/cli",
    "@stoplight/spectral-cli",
    // Its font files, which scripts/subset-fonts.mjs reads from node_modules to write app/fonts.
    "geist",
  ],
};

export default config;
