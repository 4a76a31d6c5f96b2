import http from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { codeForStatus, errorBody } from "./api-error";

/**
 * Sent with every gateway response, errors included: API answers hold instance data, keys' hints and secrets
 * shown once, so no cache (browser or shared) keeps them, and no browser guesses a type other than the one sent.
 * The Swagger UI files under /docs/assets/ keep @fastify/static's revalidating cache headers (public, unchanging
 * package files); they get `nosniff` too.
 */
export const SECURITY_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;

/** Longest path parameter the router accepts (ids are far shorter); a longer one is a 414 in the error shape. */
export const MAX_PARAM_LENGTH = 512;

const excerpt = (text: string, max = 120) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Errors Fastify's router raises before any hook or route runs (Fastify's `frameworkErrors` option): a URL that
 * is not valid percent-encoded UTF-8, or a path parameter over MAX_PARAM_LENGTH. Answered in the one error shape.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = excerpt((request.raw.url ?? "").split("?")[0] ?? "");
  let status = typeof error.statusCode === "number" && error.statusCode >= 400 ? error.statusCode : 500;
  let message: string;
  if (error.code === "FST_ERR_BAD_URL") {
    message = `Invalid request: the URL ${path} is not valid percent-encoded UTF-8`;
  } else if (error.code === "FST_ERR_MAX_PARAM_LENGTH") {
    message = `Invalid request: a path segment of ${path} is longer than ${MAX_PARAM_LENGTH} characters`;
  } else {
    status = 500;
    request.log.error({ err: error }, "framework error");
    message = "The gateway hit an unexpected error; it has been logged.";
  }
  void reply.code(status).headers(SECURITY_HEADERS).send(errorBody(codeForStatus(status), message));
}

/**
 * Errors Node's HTTP parser raises before a request exists (Fastify's `clientErrorHandler`): request line and
 * headers over the 16 KiB limit (431), a request that took too long (408), or bytes that are not HTTP (400).
 * Written straight to the socket, in the error shape, and the connection is closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  let status: number;
  let message: string;
  if (error.code === "HPE_HEADER_OVERFLOW") {
    status = 431;
    message = `Invalid request: the request line and headers are larger than ${Math.round(http.maxHeaderSize / 1024)} KiB`;
  } else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
    status = 408;
    message = "The request was not received in time";
  } else {
    status = 400;
    message = "Invalid request: this is not a well-formed HTTP/1.1 request";
  }
  const body = JSON.stringify(errorBody(codeForStatus(status), message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n` +
        "Content-Type: application/json; charset=utf-8\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        Object.entries(SECURITY_HEADERS)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join("") +
        "Connection: close\r\n\r\n" +
        body,
    );
  }
  socket.destroy(error);
}
