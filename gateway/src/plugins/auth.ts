import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ApiKeyPermission } from "../../../contract/api-keys";
import { DomainError } from "../domain-error";
import { looksLikeApiKey, type ApiKeyPrincipal } from "../modules/api-keys/api-key-service";
import type { AuthSession } from "../modules/auth/operator-service";

/**
 * Who may call a route (`config.auth`). `public`: anyone. `session`: a signed-in operator only (account routes).
 * `operator`: an operator session or an admin API key. `instance`: those, or an instance token whose instance is
 * the route's `:id`. `credential`: any valid credential, for routes about the caller itself (whoami). `metrics`:
 * `METRICS_TOKEN` or an API key of scope `metrics` (such a key may call nothing else); without either configured the
 * route does not exist (404). `config.permission`: a right an API key also needs (operators always have it).
 */
export type RouteAuth = "public" | "session" | "operator" | "instance" | "credential" | "metrics";

/** One route as registered: who may call it, with which right, and what query it takes. */
export interface RouteInfo {
  method: string;
  url: string;
  auth: RouteAuth;
  permission?: ApiKeyPermission;
  query?: unknown;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every route with its `config.auth` (Fastify's onRoute hook): what the auth tests walk. */
    routeTable: readonly RouteInfo[];
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
    permission?: ApiKeyPermission;
  }
  interface FastifyRequest {
    session: AuthSession | null;
    apiKey: ApiKeyPrincipal | null;
  }
}

// The scheme's name is case-insensitive (RFC 9110 §11.1): "bearer" and "BEARER" are Bearer.
const BEARER = /^Bearer ([A-Za-z0-9_-]{16,200})$/i;
/** RFC 6750's b64token, for METRICS_TOKEN (operators generate it with whatever tool they like). */
const METRICS_BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

const sha256 = (value: string) => createHash("sha256").update(value).digest();

/** The operator session the auth hook attached (routes with `auth: "session"` always have one). */
export function sessionOf(request: FastifyRequest): AuthSession {
  if (!request.session) throw new DomainError("unauthenticated", "Sign in first.");
  return request.session;
}

/** Who made the request, for the log: an operator's name or an API key's id. */
export function actorOf(request: FastifyRequest): string | undefined {
  return request.session?.operator.username ?? request.apiKey?.keyId;
}

interface AuthOptions {
  /** METRICS_TOKEN: a bearer token GET /metrics accepts besides metrics keys. */
  metricsToken?: string;
}

async function auth(app: FastifyInstance, options: AuthOptions) {
  const metricsTokenHash = options.metricsToken ? sha256(options.metricsToken) : null;

  /** GET /metrics: 404 unless METRICS_TOKEN is set or a metrics key exists; then that token or a metrics key. */
  async function authorizeMetrics(request: FastifyRequest): Promise<void> {
    if (!metricsTokenHash && !(await app.apiKeys.anyUsable("metrics"))) {
      throw new DomainError("not_found", `No route ${request.method} ${request.url.split("?")[0]}`);
    }
    const presented = METRICS_BEARER.exec(request.headers.authorization ?? "")?.[1];
    if (!presented) throw new DomainError("unauthenticated", "Send METRICS_TOKEN or a metrics key as Authorization: Bearer <token>.");
    // Hashes first: equal lengths for timingSafeEqual, and no timing that depends on the token's length.
    if (metricsTokenHash && timingSafeEqual(sha256(presented), metricsTokenHash)) return;
    const principal = looksLikeApiKey(presented) ? await app.apiKeys.authenticate(presented) : null;
    if (!principal) throw new DomainError("unauthenticated", "Not METRICS_TOKEN, nor a valid metrics key (it may have been revoked or have expired).");
    if (principal.scope !== "metrics") throw new DomainError("forbidden", "GET /metrics takes METRICS_TOKEN or an API key of scope metrics; this key has another scope.");
    request.apiKey = principal;
  }

  const routes: RouteInfo[] = [];
  app.decorate("routeTable", routes);
  app.addHook("onRoute", (route) => {
    const { auth: required, permission } = route.config ?? {};
    if (required && route.method !== "HEAD") routes.push({ method: String(route.method), url: route.url, auth: required, permission, query: route.schema?.querystring });
  });
  app.decorateRequest("session", null);
  app.decorateRequest("apiKey", null);

  // Runs before validation, so nothing about a route's input is revealed to a caller without the right.
  app.addHook("onRequest", async (request) => {
    const { auth: required, permission } = request.routeOptions.config;
    // Deny by default: an /api route that forgot to say who may call it needs an operator.
    const need: RouteAuth = required ?? (request.routeOptions.url?.startsWith("/api/") ? "operator" : "public");
    if (need === "public") return;
    if (need === "metrics") return authorizeMetrics(request);
    const match = BEARER.exec(request.headers.authorization ?? "");
    if (!match) throw new DomainError("unauthenticated", "Sign in, or send a credential as Authorization: Bearer <token>.");
    const token = match[1]!;
    if (!looksLikeApiKey(token)) {
      const session = await app.operators.authenticate(token);
      if (!session) throw new DomainError("unauthenticated", "Your session has ended or the credential is not valid. Sign in again.");
      request.session = session;
      return;
    }
    const principal = await app.apiKeys.authenticate(token);
    if (!principal) throw new DomainError("unauthenticated", "The API key is not valid, or it was revoked or has expired.");
    if (principal.scope === "metrics") throw new DomainError("forbidden", "A metrics key may only read GET /metrics.");
    if (need === "session") throw new DomainError("forbidden", "This route needs a signed-in operator, not an API key.");
    if (principal.scope === "instance" && need !== "credential") {
      const instanceId = (request.params as { id?: unknown } | undefined)?.id;
      if (need !== "instance" || instanceId !== principal.instanceId) {
        throw new DomainError("forbidden", "This instance token may only call its own instance's routes.");
      }
    }
    if (permission && !principal.permissions.includes(permission)) {
      throw new DomainError(
        "forbidden",
        `This API key lacks the ${permission} permission, which ${request.method} ${request.routeOptions.url} needs. An operator can create a key with it.`,
        { missingPermission: permission },
      );
    }
    request.apiKey = principal;
  });
}

export default fp(auth, { name: "auth" });
