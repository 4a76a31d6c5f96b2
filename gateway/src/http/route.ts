import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { ApiKeyPermission } from "../../../contract/api-keys";
import type { ErrorIssue } from "../../../contract/errors";
import { ApiError } from "./api-error";

export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
/**
 * Who may call a route. `public`: anyone. `session`: a signed-in operator only (account routes).
 * `operator`: an operator session or an admin API key. `instance`: those, or an instance token whose
 * instance is the route's `:id`.
 */
export type RouteAuth = "public" | "session" | "operator" | "instance";

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
}

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  method: HttpMethod;
  /** Fastify-style path, e.g. `/api/v1/instances/:id`. */
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  auth: RouteAuth;
  /** A right an admin API key also needs for this route (operators always have it); checked before the input. */
  permission?: ApiKeyPermission;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, RouteResponse>;
  handler: (
    input: { params: z.output<P>; query: z.output<Q>; body: z.output<B>; request: FastifyRequest },
    reply: FastifyReply,
  ) => Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any>;

/** Identity helper that keeps a route's input types inferred from its zod schemas. */
export function defineRoute<P extends AnyObject = AnyObject, Q extends AnyObject = AnyObject, B extends z.ZodType = z.ZodUndefined>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec<P, Q, B> {
  return spec;
}

/** The parameter names a query schema accepts, in declaration order. */
function queryParameterNames(schema: z.ZodType | undefined): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return queryParameterNames(schema.in as z.ZodType);
  return [];
}

/** An unknown query parameter is refused (never silently ignored), naming it and what the route accepts. */
function unknownQueryParameter(name: string, accepted: readonly string[]): ErrorIssue {
  return {
    path: `query.${name}`,
    message: accepted.length > 0 ? `is not a parameter of this route; accepted: ${accepted.join(", ")}` : "is not a parameter of this route; it takes no query parameters",
  };
}

function collectIssues(where: "params" | "query" | "body", error: z.ZodError, schema: z.ZodType): ErrorIssue[] {
  return error.issues.flatMap((issue) => {
    if (where === "query" && issue.code === "unrecognized_keys" && issue.path.length === 0) {
      const accepted = queryParameterNames(schema);
      return issue.keys.map((key) => unknownQueryParameter(key, accepted));
    }
    return [{ path: [where, ...issue.path.map(String)].join("."), message: issue.message }];
  });
}

/** Validates params, query and body with the route's zod schemas; a failure is a 400 naming each bad field. */
export function parseInput(route: AnyRoute, request: FastifyRequest) {
  const issues: ErrorIssue[] = [];
  const parts = { params: {}, query: {}, body: undefined } as Record<"params" | "query" | "body", unknown>;
  for (const where of ["params", "query", "body"] as const) {
    const schema = route[where] as z.ZodType | undefined;
    const raw = request[where];
    if (!schema) {
      if (where === "body" && raw !== undefined && raw !== null && !(typeof raw === "object" && Object.keys(raw).length === 0)) {
        issues.push({ path: "body", message: "this route takes no body" });
      }
      if (where === "query" && raw && typeof raw === "object") {
        for (const name of Object.keys(raw)) issues.push(unknownQueryParameter(name, []));
      }
      continue;
    }
    const result = schema.safeParse(where === "body" ? (raw ?? undefined) : (raw ?? {}));
    if (result.success) parts[where] = result.data;
    else issues.push(...collectIssues(where, result.error, schema));
  }
  if (issues.length > 0) {
    const first = issues[0]!;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    throw new ApiError("bad_request", `Invalid request: ${first.path} ${first.message}${more}`, { issues });
  }
  return parts as { params: never; query: never; body: never };
}

export type AuthGuard = (route: AnyRoute, request: FastifyRequest) => Promise<void>;

export function registerRoutes(app: FastifyInstance, routes: readonly AnyRoute[], guard: AuthGuard): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        await guard(route, request);
        const input = parseInput(route, request);
        const result = await route.handler({ ...input, request }, reply);
        if (reply.sent) return reply;
        return result;
      },
    });
  }
}
