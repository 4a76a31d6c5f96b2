// Bundles the gateway (and the contract it imports) into gateway/dist/main.js; packages stay external.
import { build } from "esbuild";

await build({
  entryPoints: ["gateway/src/main.ts"],
  outfile: "gateway/dist/main.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("gateway built: gateway/dist/main.js");
