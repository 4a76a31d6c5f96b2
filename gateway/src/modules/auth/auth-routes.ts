import type { FastifyRequest } from "fastify";
import { ChangePasswordRequest, LoginRequest, LoginResponse, MeResponse, SocketTicketResponse } from "../../../../contract/auth";
import type { GatewayContext } from "../../context";
import { ApiError } from "../../http/api-error";
import { defineRoute, type AnyRoute } from "../../http/route";
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
        429: { description: "Too many failed attempts, or another check of this account is running; see Retry-After" },
        503: { description: "Too many sign-ins being checked at once; see Retry-After" },
      },
      handler: async ({ body, request }) => {
        const result = await operators.login(body.username, body.password, request.ip).catch((error: unknown) => {
          if (error instanceof ApiError) {
            const throttled = error.statusCode === 429;
            const busy = error.statusCode === 503;
            ctx.logs.write({
              level: "warn",
              source: "auth",
              message: throttled
                ? `Sign-in refused for "${body.username}": too many failed attempts`
                : busy
                  ? `Sign-in refused for "${body.username}": too many sign-ins being checked at once`
                  : `Sign-in failed for "${body.username}"`,
              context: { username: body.username, ip: request.ip, status: error.statusCode },
            });
          }
          throw error;
        });
        ctx.log.info({ operator: result.operator.username, ip: request.ip }, "operator signed in");
        ctx.logs.write({ level: "info", source: "auth", message: `${result.operator.username} signed in`, context: { username: result.operator.username, ip: request.ip } });
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
        ctx.logs.write({ level: "info", source: "auth", message: `${session.operator.username} signed out`, context: { username: session.operator.username, ip: request.ip } });
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
        ctx.logs.write({ level: "info", source: "auth", message: `${login.operator.username} changed the password; other sessions ended`, context: { username: login.operator.username, ip: request.ip, endedSessions: endedSessionIds.length } });
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
