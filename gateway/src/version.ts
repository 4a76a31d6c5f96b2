import { createRequire } from "node:module";

// Resolved at run time from the root package.json, both from source (tsx) and from the bundle.
function readVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    for (const candidate of ["../../package.json", "../package.json"]) {
      try {
        const pkg = require(candidate) as { name?: string; version?: string };
        if (pkg.name === "whatsapp-api-manager" && pkg.version) return pkg.version;
      } catch {
        // try the next candidate
      }
    }
  } catch {
    // fall through
  }
  return "0.0.0";
}

export const GATEWAY_VERSION = readVersion();
