import http from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import FindMyWay, { type HTTPMethod } from "find-my-way";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { z } from "zod";
import type { ErrorBody, ErrorCode, ErrorIssue } from "../../../contract/errors";
import { DomainError, invalidInputs, type DomainErrorKind } from "../domain-error";

// The one place HTTP statuses and the error shape `{ error: { code, message, details? } }` are made
// (docs/architecture.md, "Errors"): domain errors, validation errors and Fastify's and Node's own refusals.

/** Sent with every response: API answers hold instance data and secrets shown once; nothing may cache or sniff them. */
export const SECURITY_HEADERS = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

/** Longest path parameter the router accepts (ids are far shorter); a longer one is a 414 in the error shape. */
export const MAX_PARAM_LENGTH = 512;

const DOMAIN_STATUS: Record<DomainErrorKind, { status: number; code: ErrorCode }> = {
  invalid_input: { status: 400, code: "bad_request" },
  unauthenticated: { status: 401, code: "unauthorized" },
  forbidden: { status: 403, code: "forbidden" },
  not_found: { status: 404, code: "not_found" },
  conflict: { status: 409, code: "conflict" },
  gone: { status: 410, code: "gone" },
  unprocessable: { status: 422, code: "unprocessable" },
  too_large: { status: 413, code: "bad_request" },
  rate_limited: { status: 429, code: "too_many_requests" },
  unavailable: { status: 503, code: "unavailable" },
};

/** The error code a DomainError answers with (per-row results of bulk actions carry it). */
export function errorCodeOf(kind: DomainErrorKind): ErrorCode {
  return DOMAIN_STATUS[kind].code;
}

function errorBody(code: ErrorCode, message: string, details?: ErrorBody["error"]["details"]): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/** Our code for a status Fastify or Node produced itself (bad JSON, too large, wrong media type…). */
function codeForStatus(status: number): ErrorCode {
  const known: Record<number, ErrorCode> = { 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 410: "gone", 422: "unprocessable", 429: "too_many_requests", 503: "unavailable" };
  return known[status] ?? (status >= 500 ? "internal_error" : "bad_request");
}

function invalidRequest(issues: ErrorIssue[]): ErrorBody {
  return errorBody("bad_request", invalidInputs(issues).message, { issues });
}

/** The parameter names a query schema accepts, in declaration order. */
function queryParameterNames(schema: unknown): string[] {
  if (schema instanceof z.core.$ZodObject) return Object.keys(schema._zod.def.shape);
  if (schema instanceof z.core.$ZodPipe) return queryParameterNames(schema._zod.def.in);
  return [];
}

function unknownQueryParameter(name: string, accepted: readonly string[]): ErrorIssue {
  return {
    path: `query.${name}`,
    message: accepted.length > 0 ? `is not a parameter of this route; accepted: ${accepted.join(", ")}` : "is not a parameter of this route; it takes no query parameters",
  };
}

/** Zod issues as `body.name is required` (unknown query keys never get here: the preValidation hook names them). */
function validationIssues(error: FastifyError): ErrorIssue[] {
  const where = error.validationContext === "querystring" ? "query" : (error.validationContext ?? "body");
  return (error.validation ?? []).map((v) => ({ path: [where, ...v.instancePath.split("/").filter(Boolean)].join("."), message: v.message ?? "is not valid" }));
}

/** Fastify's `frameworkErrors`: a URL that is not valid percent-encoded UTF-8, or an overlong path parameter. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const raw = (request.raw.url ?? "").split("?")[0] ?? "";
  const path = raw.length > 120 ? `${raw.slice(0, 120)}…` : raw;
  let status = typeof error.statusCode === "number" && error.statusCode >= 400 ? error.statusCode : 500;
  let message: string;
  if (error.code === "FST_ERR_BAD_URL") message = `Invalid request: the URL ${path} is not valid percent-encoded UTF-8`;
  else if (error.code === "FST_ERR_MAX_PARAM_LENGTH") message = `Invalid request: a path segment of ${path} is longer than ${MAX_PARAM_LENGTH} characters`;
  else {
    status = 500;
    request.log.error({ err: error }, "framework error");
    message = "The gateway hit an unexpected error; it has been logged.";
  }
  void reply.code(status).headers(SECURITY_HEADERS).send(errorBody(codeForStatus(status), message));
}

/**
 * The last request each connection began, with its answer and the answer before it if that was still going (its
 * `closed` says whether it is done). A request the parser refuses on a connection still answering an earlier one
 * (pipelined, or a body sent without a length: Node's own client does that for a DELETE) is answered after that
 * answer, never inside it: written into it, the error corrupted the earlier answer, and closing the connection lost
 * it, though its request had done its work.
 */
interface Exchange {
  request: http.IncomingMessage;
  response: http.ServerResponse;
  before: http.ServerResponse | undefined;
}
const answering = new WeakMap<Socket, Exchange>();

/** Called for every request as Node's server receives it, before Fastify's own handler runs anything asynchronous. */
function trackAnswer(request: http.IncomingMessage, response: http.ServerResponse): void {
  const last = answering.get(request.socket)?.response;
  answering.set(request.socket, { request, response, before: last && !last.closed ? last : undefined });
}

/** Fastify's `clientErrorHandler`: what Node's parser refuses before a request exists, written to the socket. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const last = answering.get(socket);
  const inFlight = last && !last.response.closed ? last : undefined;
  if (!inFlight) answerUnparsable(error, socket);
  // The refusal is about the request being answered, which never arrived whole (its body stalled, or its chunked
  // body is malformed): nothing will finish its answer. Answer now, once any answer before it is done, unless its
  // own answer has begun (then only closing is left).
  else if (!inFlight.request.complete) {
    if (inFlight.response.headersSent) socket.destroy(error);
    else if (inFlight.before && !inFlight.before.closed) inFlight.before.once("close", () => answerUnparsable(error, socket));
    else answerUnparsable(error, socket);
  } else inFlight.response.once("close", () => answerUnparsable(error, socket));
}

function answerUnparsable(error: NodeJS.ErrnoException, socket: Socket): void {
  if (socket.destroyed) return;
  // Not writable: the connection is ending (the earlier answer asked to close it); that answer still reaches the client.
  if (!socket.writable) {
    if (socket.writableFinished) socket.destroy();
    else socket.once("finish", () => socket.destroy());
    return;
  }
  const [status, message] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [431, `Invalid request: the request line and headers are larger than ${Math.round(http.maxHeaderSize / 1024)} KiB`]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "The request was not received in time"]
        : [400, "Invalid request: this is not a well-formed HTTP/1.1 request"];
  const body = JSON.stringify(errorBody(codeForStatus(status), message));
  const headers = Object.entries({ ...SECURITY_HEADERS, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), connection: "close" });
  socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n${body}`);
  socket.destroy(error);
}

/** The methods the gateway's routes answer (OPTIONS is CORS's, on every path). */
const ANSWERED_METHODS: HTTPMethod[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

interface ErrorsPluginOptions {
  /** Records an unexpected error where operators look (the structured log); the request logger gets it too. */
  onUnexpected?: (request: FastifyRequest, error: unknown) => void;
}

/**
 * Where a NUL character (U+0000) is in parsed input (a key or a string value), as a field path, or undefined. No text
 * the gateway takes has a use for one, and PostgreSQL refuses it in text (a 500 after whatever the request had done
 * before), so it is a 400 on either database. Walked with a stack: a body nested thousands deep is still read.
 */
function nulAt(root: string, value: unknown): string | undefined {
  const stack: Array<[string, unknown]> = [[root, value]];
  while (stack.length > 0) {
    const [path, item] = stack.pop()!;
    if (typeof item === "string") {
      if (item.includes("\0")) return path;
    } else if (item !== null && typeof item === "object") {
      for (const [key, child] of Object.entries(item)) {
        if (key.includes("\0")) return path;
        stack.push([`${path}.${key}`, child]);
      }
    }
  }
  return undefined;
}

async function errors(app: FastifyInstance, options: ErrorsPluginOptions) {
  app.server.on("request", trackAnswer);
  let shuttingDown = false;
  app.addHook("preClose", async () => {
    shuttingDown = true;
  });
  app.addHook("onRequest", async (_request, reply) => {
    void reply.headers(SECURITY_HEADERS);
    if (shuttingDown) {
      void reply.header("connection", "close");
      throw new DomainError("unavailable", "The gateway is shutting down; try again in a moment.");
    }
  });

  // Unknown query parameters are refused before any other input is looked at (so the answer names them even when
  // a path parameter is wrong too), and what a route does not declare it does not take: no body, no query.
  app.addHook("preValidation", async (request) => {
    if (!request.routeOptions.url) return; // the not-found handler
    const schema = request.routeOptions.schema;
    const issues: ErrorIssue[] = [];
    const body = request.body;
    if (!schema?.body && body !== undefined && body !== null && !(typeof body === "object" && Object.keys(body).length === 0)) {
      issues.push({ path: "body", message: "this route takes no body" });
    }
    const accepted = queryParameterNames(schema?.querystring);
    for (const name of Object.keys((request.query as Record<string, unknown> | undefined) ?? {})) {
      if (!accepted.includes(name)) issues.push(unknownQueryParameter(name, accepted));
    }
    for (const [part, value] of [["params", request.params], ["query", request.query], ["body", body]] as const) {
      const where = nulAt(part, value);
      if (where) issues.push({ path: where, message: "must not contain the NUL character (U+0000)" });
    }
    if (issues.length > 0) throw invalidInputs(issues);
  });

  // Sent as a finished string: a route's own schema for that status (e.g. /health's 503) never reshapes an error.
  const send = (reply: FastifyReply, status: number, body: ErrorBody) => reply.code(status).type("application/json; charset=utf-8").send(JSON.stringify(body));

  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof DomainError) {
      const { status, code } = DOMAIN_STATUS[error.kind];
      if (error.retryAfterSeconds !== undefined) void reply.header("retry-after", String(error.retryAfterSeconds));
      return send(reply, status, errorBody(code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) return send(reply, 400, invalidRequest(validationIssues(error)));
    const status = typeof error.statusCode === "number" && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error, url: request.routeOptions.url }, "unhandled error");
      options.onUnexpected?.(request, error);
      return send(reply, 500, errorBody("internal_error", "The gateway hit an unexpected error; it has been logged."));
    }
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      const type = request.headers["content-type"]?.split(";")[0]?.trim().slice(0, 100) ?? "(none)";
      return send(reply, 415, errorBody("bad_request", `Unsupported Content-Type "${type}": send application/json (multipart/form-data where a route takes a file)`));
    }
    // Fastify's own 4xx (malformed JSON, body too large): keep its message, use our shape.
    return send(reply, status, errorBody(codeForStatus(status), error.message));
  });

  // A path that exists under other methods is a 405 naming them (Allow), not a 404. Fastify's router is not public:
  // the same router package (find-my-way, with the gateway's options) holds each route's path, to look a path up.
  const paths = FindMyWay({ maxParamLength: MAX_PARAM_LENGTH });
  app.addHook("onRoute", (route) => {
    // The CORS preflight answers OPTIONS on every path: it says nothing about which paths exist.
    if (route.url === "*" || route.url === "/*") return;
    for (const method of [route.method].flat() as HTTPMethod[]) if (!paths.hasRoute(method, route.url)) paths.on(method, route.url, () => undefined);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]!;
    const allowed = ANSWERED_METHODS.filter((method) => paths.find(method, path) !== null);
    if (allowed.length > 0) {
      void reply.header("allow", allowed.join(", "));
      return send(reply, 405, errorBody("bad_request", `${path} answers ${allowed.join(", ")}, not ${request.method}`));
    }
    return send(reply, 404, errorBody("not_found", `No route ${request.method} ${path}`));
  });
}

export default fp(errors, { name: "errors" });
