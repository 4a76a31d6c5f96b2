import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  AssignProxiesRequest,
  AssignProxiesResult,
  CreateProxyRequest,
  ListProxiesQuery,
  PoolProxy,
  ProxyIdParams,
  ProxyList,
  ProxyTestResult,
  TestProxyRequest,
  UpdateProxyRequest,
} from "../../../../contract/proxies";
import { json, problem } from "../../plugins/openapi";

const TAGS = ["Proxies"];
// Operators and admin API keys; an instance token gets 403 (plugins/auth.ts).
const operator = { auth: "operator" } as const;
const noProxy = problem("No such proxy");
const cannotSave = problem("Another proxy has this name (names are unique, ignoring case), or its credentials cannot be stored (PostgreSQL without SECRETS_KEY)");

/** The proxy pool, the test tool, and assigning proxies to many instances at once. */
export default async function proxyRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, instances } = app.proxies;

  r.post(
    "/api/v1/proxies/test",
    {
      config: operator,
      schema: {
        operationId: "testProxy",
        summary: "Check a proxy URL: open a tunnel through it to WhatsApp and say how it went",
        description:
          "Connects to the proxy and asks it for a tunnel to WhatsApp's socket host (`target`), as every instance on it will, then closes it. `ok` with the time it took, or why not: `errorCode` dns, refused, auth, timeout, protocol, target, blocked or network, with words to act on. With PROXY_EXIT_IP_URL set, that URL is fetched through the proxy too and `exitIp` is the address it saw (information only: rotating proxies show another one next time). Nothing is stored; a failed check is still a 200.",
        tags: TAGS,
        body: TestProxyRequest,
        response: { 200: json("What the check found", ProxyTestResult) },
      },
    },
    async (request) => pool.test(request.body.url),
  );

  r.get(
    "/api/v1/proxies",
    {
      config: operator,
      schema: {
        operationId: "listProxies",
        summary: "The proxy pool, newest first, with each proxy's health and how many instances use it",
        description: "Every pool proxy with its masked URL, cap, usage and last health check. Cursor paging.",
        tags: TAGS,
        querystring: ListProxiesQuery,
        response: { 200: json("A page of proxies", ProxyList) },
      },
    },
    async (request) => pool.list(request.query),
  );

  r.post(
    "/api/v1/proxies",
    {
      config: operator,
      schema: {
        operationId: "createProxy",
        summary: "Add a proxy to the pool (credentials are stored encrypted and never shown again)",
        description:
          "Adds a named proxy with an optional cap on the instances that may use it (`maxInstances`). Its credentials are encrypted with the gateway's secrets key; responses show the URL masked. Its health is unknown until the next check round or POST …/check. With PostgreSQL and no SECRETS_KEY, a URL with credentials is refused (409).",
        tags: TAGS,
        body: CreateProxyRequest,
        response: { 201: json("Created", PoolProxy), 409: cannotSave },
      },
    },
    async (request, reply) => reply.code(201).send(await pool.create(request.body)),
  );

  r.post(
    "/api/v1/proxies/assign",
    {
      config: operator,
      schema: {
        operationId: "assignProxies",
        summary: "Give up to 500 instances a proxy (none, auto, a pool proxy or a URL); one result per instance",
        description:
          "Sets the proxy of each listed instance, as PUT /api/v1/instances/{id}/proxy does (running sessions restart through it, no QR), on whichever node runs it. `auto` takes the least used pool proxy with room, instance by instance. One result per instance: `ok` with the proxy and whether it restarts, or the error (not_found, conflict when no proxy has room, unavailable when its node did not answer). A bad request (an unknown proxy, a bad URL) changes nothing.",
        tags: TAGS,
        body: AssignProxiesRequest,
        response: { 200: json("One result per instance, in the order given", AssignProxiesResult) },
      },
    },
    async (request) => instances.assignMany(request.body.instanceIds, request.body.proxy, request.headers.authorization),
  );

  r.get(
    "/api/v1/proxies/:id",
    {
      config: operator,
      schema: { operationId: "getProxy", summary: "One pool proxy", description: "One pool proxy with its masked URL, cap, usage and health.", tags: TAGS, params: ProxyIdParams, response: { 200: json("The proxy", PoolProxy), 404: noProxy } },
    },
    async (request) => pool.get(request.params.id),
  );

  r.patch(
    "/api/v1/proxies/:id",
    {
      config: operator,
      schema: {
        operationId: "updateProxy",
        summary: "Rename a pool proxy, change its cap, or give it a new address (its running instances restart through it)",
        description:
          "`url` replaces the address and its credentials together, resets the health to unknown and restarts the running instances that use it through the new address (no QR). A lower `maxInstances` than its usage keeps those instances and takes no new ones.",
        tags: TAGS,
        params: ProxyIdParams,
        body: UpdateProxyRequest,
        response: { 200: json("Updated", PoolProxy), 404: noProxy, 409: cannotSave },
      },
    },
    async (request) => pool.update(request.params.id, request.body, request.headers.authorization),
  );

  r.delete(
    "/api/v1/proxies/:id",
    {
      config: operator,
      schema: {
        operationId: "deleteProxy",
        summary: "Delete a pool proxy that no instance uses (409 says how many do)",
        description:
          "Deletes the proxy. While instances use it, a 409 says how many (`details.instances`): assign them another proxy or none first (POST /api/v1/proxies/assign). There is no forced delete: it would move those numbers to the gateway's own address without anyone choosing so.",
        tags: TAGS,
        params: ProxyIdParams,
        response: { 204: z.undefined().describe("Deleted"), 404: noProxy, 409: problem("Instances use it") },
      },
    },
    async (request, reply) => {
      await pool.remove(request.params.id);
      return reply.code(204).send();
    },
  );

  r.post(
    "/api/v1/proxies/:id/check",
    {
      config: operator,
      schema: {
        operationId: "checkProxy",
        summary: "Check a pool proxy now and record its health",
        description: "Runs the same check as POST /api/v1/proxies/test on this proxy and stores the outcome as its health (the periodic rounds do the same every PROXY_CHECK_INTERVAL_SECONDS).",
        tags: TAGS,
        params: ProxyIdParams,
        response: { 200: json("The proxy with its new health", PoolProxy), 404: noProxy },
      },
    },
    async (request) => pool.check(request.params.id),
  );

}
