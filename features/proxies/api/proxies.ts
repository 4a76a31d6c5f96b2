import { mutationOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import {
  AssignProxiesResult,
  InstanceProxy,
  InstanceProxyChange,
  PoolProxy,
  ProxyList,
  ProxyTestResult,
  type CreateProxyRequest,
  type UpdateProxyRequest,
} from "@/contract/proxies";
import type { InstanceProxySpec } from "@/contract/proxy-url";
import { bffTransport, readAllPages, type Transport } from "@/shared/lib/api-client";
import { proxyKeys } from "./proxy-keys";

// The proxy pool and which proxy each instance goes through (docs/proxies.md), once for the browser and the panel's
// server: gateway paths, fetchers (given a transport), query options and mutations (the keys: proxy-keys.ts).

const MAX_LIST = 2_000;
/** Health is not a socket event: the pool is polled while the Proxies page is open. */
export const POOL_POLL_MS = 15_000;

const BASE = "/api/v1/proxies";
const proxyPaths = {
  list: (cursor: string | null) => `${BASE}?${new URLSearchParams({ limit: "500", ...(cursor ? { cursor } : {}) })}`,
  proxy: (id: string) => `${BASE}/${encodeURIComponent(id)}`,
  check: (id: string) => `${BASE}/${encodeURIComponent(id)}/check`,
  test: `${BASE}/test`,
  assign: `${BASE}/assign`,
  instance: (instanceId: string) => `/api/v1/instances/${encodeURIComponent(instanceId)}/proxy`,
};

export const proxyListOptions = (transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: proxyKeys.list(),
    queryFn: ({ signal }) => readAllPages(transport, proxyPaths.list, ProxyList, { max: MAX_LIST, signal }),
  });

export const instanceProxyOptions = (instanceId: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: proxyKeys.instance(instanceId),
    queryFn: ({ signal }) => transport.request(proxyPaths.instance(instanceId), { schema: InstanceProxy, signal }),
  });

function storeProxy(client: QueryClient, proxy: PoolProxy) {
  client.setQueryData<PoolProxy[]>(proxyKeys.list(), (list) => list?.map((p) => (p.id === proxy.id ? proxy : p)));
}

/** Usage and health changed: the pool list and every instance's view of its proxy. */
const refreshAll = (client: QueryClient) => void client.invalidateQueries({ queryKey: proxyKeys.all });

/** Add a proxy to the pool; errors are shown by the form. */
export const createProxyMutation = () =>
  mutationOptions({
    mutationFn: (body: CreateProxyRequest) => bffTransport.request(BASE, { method: "POST", body, schema: PoolProxy }),
    onSuccess: (_created, _body, _result, { client }) => void client.invalidateQueries({ queryKey: proxyKeys.list() }),
    meta: { successToast: (created: PoolProxy) => ({ title: `Proxy ${created.name} added`, description: "Its health shows after the first check." }) },
  });

/** Rename, re-cap or readdress a pool proxy (a new address restarts its running instances); errors are shown by the form. */
export const updateProxyMutation = (id: string) =>
  mutationOptions({
    mutationFn: (body: UpdateProxyRequest) => bffTransport.request(proxyPaths.proxy(id), { method: "PATCH", body, schema: PoolProxy }),
    onSuccess: (proxy, _body, _result, { client }) => {
      storeProxy(client, proxy);
      refreshAll(client);
    },
    meta: {
      successToast: (_proxy: PoolProxy, body: UpdateProxyRequest) =>
        body.url ? { title: "Proxy saved", description: "Instances using it restart through the new address; no QR needed." } : "Proxy saved",
    },
  });

export const deleteProxyMutation = () =>
  mutationOptions({
    mutationFn: (id: string) => bffTransport.request<void>(proxyPaths.proxy(id), { method: "DELETE" }),
    onSuccess: (_data, id, _result, { client }) => {
      client.setQueryData<PoolProxy[]>(proxyKeys.list(), (list) => list?.filter((p) => p.id !== id));
      void client.invalidateQueries({ queryKey: proxyKeys.list() });
    },
    meta: {
      successToast: () => "Proxy deleted",
      errorToast: (error) => ({ title: "Could not delete the proxy", description: error.message }),
    },
  });

/** Check a pool proxy now and record its health. */
export const checkProxyMutation = (id: string) =>
  mutationOptions({
    mutationFn: () => bffTransport.request(proxyPaths.check(id), { method: "POST", schema: PoolProxy }),
    onSuccess: (proxy, _v, _result, { client }) => {
      storeProxy(client, proxy);
      void client.invalidateQueries({ queryKey: proxyKeys.instances() });
    },
    meta: {
      successToast: (proxy: PoolProxy) =>
        proxy.health.state === "ok"
          ? { title: `${proxy.name} works`, description: proxy.health.latencyMs !== null ? `Tunnel opened in ${proxy.health.latencyMs} ms.` : undefined }
          : { title: `${proxy.name} is failing`, description: proxy.health.error ?? undefined, tone: "error" },
      errorToast: (error) => ({ title: "Could not check the proxy", description: error.message }),
    },
  });

/** Try a proxy URL without saving it; the result (or a 400's reason) is shown where it was asked. */
export const testProxyMutation = () =>
  mutationOptions({
    mutationFn: (url: string) => bffTransport.request(proxyPaths.test, { method: "POST", body: { url }, schema: ProxyTestResult }),
  });

/** Set one instance's proxy; a running session restarts through it with the same credentials. */
export const setInstanceProxyMutation = (instanceId: string) =>
  mutationOptions({
    mutationFn: (spec: InstanceProxySpec) =>
      spec.mode === "none"
        ? bffTransport.request(proxyPaths.instance(instanceId), { method: "DELETE", schema: InstanceProxyChange })
        : bffTransport.request(proxyPaths.instance(instanceId), { method: "PUT", body: spec, schema: InstanceProxyChange }),
    onSuccess: ({ restart: _restart, ...proxy }, _spec, _result, { client }) => {
      client.setQueryData(proxyKeys.instance(instanceId), proxy);
      void client.invalidateQueries({ queryKey: proxyKeys.list() });
    },
    meta: {
      successToast: (change: InstanceProxyChange) =>
        change.restart
          ? { title: "Proxy saved", description: "The session is restarting through it; no QR needed." }
          : { title: "Proxy saved", description: "The session was not restarted: it uses the proxy when it next connects." },
      errorToast: (error) => ({ title: "Could not change the proxy", description: error.message }),
    },
  });

/** One request of a bulk assignment (at most 500 ids); the caller splits larger selections and refreshes after. */
export const assignProxies = (instanceIds: string[], proxy: InstanceProxySpec, signal?: AbortSignal) =>
  bffTransport.request(proxyPaths.assign, { method: "POST", body: { instanceIds, proxy }, schema: AssignProxiesResult, signal });

/** After a bulk assignment: usage changed everywhere. */
export const refreshProxies = refreshAll;
