import { createRequire } from "node:module";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

const require = createRequire(import.meta.url);

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>WhatsApp API Manager gateway · API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css" />
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: false, tryItOutEnabled: false });`;

/** A human API reference at /docs: Swagger UI served from the npm package, no CDN. */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  const { getAbsoluteFSPath } = require("swagger-ui-dist") as { getAbsoluteFSPath: () => string };
  await app.register(fastifyStatic, { root: getAbsoluteFSPath(), prefix: "/docs/assets/", decorateReply: false, index: false });
  const headers = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
  };
  app.get("/docs", async (_request, reply) => reply.headers(headers).type("text/html; charset=utf-8").send(PAGE));
  app.get("/docs/init.js", async (_request, reply) => reply.headers(headers).type("text/javascript; charset=utf-8").send(INIT));
}
