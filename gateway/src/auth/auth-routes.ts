import type { FastifyRequest } from "fastify";
import { ChangePasswordRequest, LoginRequest, LoginResponse, MeResponse, SocketTicketResponse } from "../../../contract/auth";
import type { GatewayContext } from "../context";
import { ApiError } from "../http/api-error";
import { defineRoute, type AnyRoute } from "../http/route";
import type { AuthSession } from "./operator-service";

/** The session the auth guard attached; routes with `auth: "session"` always have one. */
export function sessionOf(request: FastifyRequest): AuthSession {
  if (!request.session) throw new ApiError("unauthorized", "Sign in first.");
  return request.session;
}

export function authRoutes(ctx: GatewayContext): AnyRoute[] {
  const { operators } = ctx;
  return [
    defineRoute({
      method: "POST",
      url: "/api/v1/auth/login",
      operationId: "login",
      summary: "Sign in as an operator; returns a session token",
      tag: "Auth",
      auth: "public",
      body: LoginRequest,
      responses: {
        200: { description: "Signed in", schema: LoginResponse },
        401: { description: "Wrong username or password" },
        429: { description: "Too many failed attempts; see Retry-After" },
      },
      handler: async ({ body, request }) => {
        const result = await operators.login(body.username, body.password, request.ip);
        ctx.log.info({ operator: result.operator.username, ip: request.ip }, "operator signed in");
        return result;
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/auth/logout",
      operationId: "logout",
      summary: "End this session and disconnect its sockets",
      tag: "Auth",
      auth: "session",
      responses: { 204: { description: "Signed out" } },
      handler: async ({ request }, reply) => {
        const session = sessionOf(request);
        await operators.logout(session.id);
        ctx.endSessions([session.id]);
        return reply.code(204).send();
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/v1/auth/me",
      operationId: "me",
      summary: "The signed-in operator and the session's expiry",
      tag: "Auth",
      auth: "session",
      responses: { 200: { description: "The operator", schema: MeResponse } },
      handler: async ({ request }) => operators.me(sessionOf(request)),
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/auth/change-password",
      operationId: "changePassword",
      summary: "Change the password; ends every session of this operator and returns a new one",
      tag: "Auth",
      auth: "session",
      body: ChangePasswordRequest,
      responses: { 200: { description: "Password changed; a fresh session", schema: LoginResponse } },
      handler: async ({ body, request }) => {
        const { login, endedSessionIds } = await operators.changePassword(sessionOf(request), body.currentPassword, body.newPassword);
        ctx.endSessions(endedSessionIds);
        ctx.log.info({ operator: login.operator.username }, "operator changed password; other sessions ended");
        return login;
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/v1/auth/socket-ticket",
      operationId: "createSocketTicket",
      summary: "A single-use ticket (valid 60 s) to open the live socket",
      tag: "Auth",
      auth: "session",
      responses: { 200: { description: "Ticket", schema: SocketTicketResponse } },
      handler: async ({ request }) => operators.createSocketTicket(sessionOf(request).id),
    }),
  ];
}
