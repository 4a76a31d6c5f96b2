import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ChangePasswordRequest, LoginRequest, LoginResponse, MeResponse, SocketTicketResponse, WhoAmIResponse } from "../../../../contract/auth";
import { DomainError } from "../../domain-error";
import { sessionOf } from "../../plugins/auth";
import { json, problem } from "../../plugins/openapi";

const TAGS = ["Auth"];

/** Operator sign-in, sessions and the live socket's tickets. */
export default async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { operators, logs } = app;

  r.post(
    "/api/v1/auth/login",
    {
      config: { auth: "public" },
      // Refusals are logged with the status the caller got (a wrong password, a lock, a busy gateway).
      onResponse: async (request, reply) => {
        const username = (request.body as { username?: string } | undefined)?.username;
        if (![401, 429, 503].includes(reply.statusCode) || typeof username !== "string") return;
        const why = reply.statusCode === 429 ? ": too many failed attempts" : reply.statusCode === 503 ? ": too many sign-ins being checked at once" : "";
        logs.write({
          level: "warn",
          source: "auth",
          message: why ? `Sign-in refused for "${username}"${why}` : `Sign-in failed for "${username}"`,
          context: { username, ip: request.ip, status: reply.statusCode },
        });
      },
      schema: {
        operationId: "login",
        summary: "Sign in as an operator; returns a session token",
        description: "Checks the password and returns a session token to send as `Authorization: Bearer <token>`. Sessions end after an idle time and at an absolute limit. Failed attempts are throttled per account and per IP: a 429 says when to try again in Retry-After.",
        tags: TAGS,
        body: LoginRequest,
        response: {
          200: json("Signed in", LoginResponse),
          401: problem("Wrong username or password"),
          429: problem("Too many failed attempts, or another check of this account is running; see Retry-After"),
          503: problem("Too many sign-ins being checked at once; see Retry-After"),
        },
      },
    },
    async (request) => {
      const result = await operators.login(request.body.username, request.body.password, request.ip);
      request.log.info({ operator: result.operator.username, ip: request.ip }, "operator signed in");
      logs.write({ level: "info", source: "auth", message: `${result.operator.username} signed in`, context: { username: result.operator.username, ip: request.ip } });
      return result;
    },
  );

  r.post(
    "/api/v1/auth/logout",
    {
      config: { auth: "session" },
      schema: {
        operationId: "logout",
        summary: "End this session and disconnect its sockets",
        description: "Ends the session of this request and disconnects the live sockets opened with it. Sessions only: an API key is not signed in and cannot sign out.",
        tags: TAGS,
        response: { 204: z.undefined().describe("Signed out") },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      await operators.logout(session.id);
      app.endSessions([session.id]);
      logs.write({ level: "info", source: "auth", message: `${session.operator.username} signed out`, context: { username: session.operator.username, ip: request.ip } });
      return reply.code(204).send();
    },
  );

  r.get(
    "/api/v1/auth/me",
    {
      config: { auth: "session" },
      schema: {
        operationId: "me",
        summary: "The signed-in operator and the session's expiry",
        description: "The operator of this session and when the session ends (idle and absolute). Sessions only; an API key asks GET /api/v1/auth/whoami instead.",
        tags: TAGS,
        response: { 200: json("The operator", MeResponse) },
      },
    },
    async (request) => operators.me(sessionOf(request)),
  );

  r.get(
    "/api/v1/auth/whoami",
    {
      config: { auth: "credential" },
      schema: {
        operationId: "whoami",
        summary: "Who the credential of this request is: the operator for a session; id, name, scope, instance and permissions for an API key",
        description: "Any valid credential may ask who it is: a session gets its operator and session expiry; an admin API key or an instance token gets its id, name, scope, instance and permissions (never the key itself). `kind` tells the two apart.",
        tags: TAGS,
        response: { 200: json("The caller", WhoAmIResponse) },
      },
    },
    async (request) => {
      if (request.session) return { kind: "session" as const, ...(await operators.me(request.session)) };
      const key = request.apiKey ? await app.apiKeys.get(request.apiKey.keyId) : null;
      // The auth hook attached one of the two; a key revoked between the hook and here is no longer anyone.
      if (!key) throw new DomainError("unauthenticated", "The API key is not valid, or it was revoked or has expired.");
      return { kind: "apiKey" as const, apiKey: key };
    },
  );

  r.post(
    "/api/v1/auth/change-password",
    {
      config: { auth: "session" },
      schema: {
        operationId: "changePassword",
        summary: "Change the password; ends every session of this operator and returns a new one",
        description: "Needs the current password. On success every session of this operator ends (their live sockets too) and a fresh session is returned. Wrong current passwords are throttled like sign-ins (429 with Retry-After).",
        tags: TAGS,
        body: ChangePasswordRequest,
        response: {
          200: json("Password changed; a fresh session", LoginResponse),
          429: problem("Too many wrong current passwords, or another check of this account is running; see Retry-After"),
          503: problem("Too many passwords being checked at once; see Retry-After"),
        },
      },
    },
    async (request) => {
      const { login, endedSessionIds } = await operators.changePassword(sessionOf(request), request.body.currentPassword, request.body.newPassword);
      app.endSessions(endedSessionIds);
      request.log.info({ operator: login.operator.username }, "operator changed password; other sessions ended");
      logs.write({ level: "info", source: "auth", message: `${login.operator.username} changed the password; other sessions ended`, context: { username: login.operator.username, ip: request.ip, endedSessions: endedSessionIds.length } });
      return login;
    },
  );

  r.post(
    "/api/v1/auth/socket-ticket",
    {
      config: { auth: "session" },
      schema: {
        operationId: "createSocketTicket",
        summary: "A single-use ticket (valid 60 s) to open the live socket",
        description: "The live socket (socket.io on this gateway) never takes a token in its URL: get a ticket here, then connect with `auth: { ticket }` within 60 s. Each ticket opens one socket.",
        tags: TAGS,
        response: { 200: json("Ticket", SocketTicketResponse) },
      },
    },
    async (request) => operators.createSocketTicket(sessionOf(request).id),
  );
}
