"use client";

import { useMutation } from "@tanstack/react-query";
import { ProxyUrl } from "@/contract/proxy-url";
import { testProxyMutation } from "../api/proxies";
import { ProxyTestOutcome } from "./proxy-health";

export const PROXY_URL_PLACEHOLDER = "http://user:pass@host:port, socks5://…";

/**
 * A Test for the URL in a form field: checks it through the gateway without saving. A URL the contract refuses goes
 * to the field (`onInvalid`) instead; what the check found is `outcome`, shown below the field.
 */
export function useProxyUrlTest() {
  const test = useMutation(testProxyMutation());
  return {
    run: (url: string, onInvalid: (message: string) => void) => {
      const parsed = ProxyUrl.safeParse(url);
      if (!parsed.success) return onInvalid(parsed.error.issues[0]?.message ?? "is not a proxy URL");
      test.mutate(parsed.data);
    },
    reset: test.reset,
    pending: test.isPending,
    outcome: <ProxyTestOutcome result={test.data} error={test.error} />,
  };
}
