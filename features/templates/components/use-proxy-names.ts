"use client";

import { useQuery } from "@tanstack/react-query";
import { proxyPoolOptions } from "../api/templates";
import type { PoolProxy } from "@/contract/proxies";
import type { ProxyNames } from "../lib/template-words";

const namesOf = (pool: PoolProxy[]): ProxyNames => new Map(pool.map((proxy) => [proxy.id, proxy.name]));

/** Pool proxies' names by id, to name them in summaries (until the pool has loaded, summaries show ids). */
export function useProxyNames(): ProxyNames | undefined {
  const { data } = useQuery({ ...proxyPoolOptions(), select: namesOf });
  return data;
}
