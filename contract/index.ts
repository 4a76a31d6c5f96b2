// The whole contract in one module: what the panel loads on demand (`shared/lib/contract-loader.ts`) to validate
// responses, socket payloads and forms, so that zod and the schemas stay out of every page's first-load JS.
export * from "./api-keys";
export * from "./auth";
export * from "./constants";
export * from "./disconnect-reasons";
export * from "./errors";
export * from "./health";
export * from "./instances";
export * from "./logs";
export * from "./messages";
export * from "./openapi";
export * from "./pagination";
export * from "./query-params";
export * from "./socket-events";
export * from "./webhook-samples";
export * from "./webhooks";
