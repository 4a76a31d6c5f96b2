import type { Agent } from "node:https";
import type { UserFacingSocketConfig } from "baileys";
import { proxyAgent, proxyDispatcher } from "../../modules/proxies/proxy-agents";
import type { EngineProxy } from "../engine";

/** What a socket's config needs to go through a proxy, and how to let go of it when the socket is done. */
export interface ProxyClients {
  config: Pick<UserFacingSocketConfig, "agent" | "fetchAgent" | "options">;
  release(): void;
}

/**
 * A Baileys socket through the instance's proxy (docs/proxies.md, "What goes through the proxy"), each path with the
 * option Baileys reads for it: `agent` for the WhatsApp WebSocket (ws); `fetchAgent` for media uploads (node:https
 * under Node, Utils/messages-media.js uploadWithNodeHttp); `options.dispatcher` for what Baileys fetches itself
 * (media downloads during history sync, link previews, profile pictures: global fetch with an undici dispatcher).
 */
export function proxyClients(proxy: EngineProxy): ProxyClients {
  const agent = proxyAgent(proxy.url) as Agent;
  const dispatcher = proxyDispatcher(proxy.url);
  return {
    config: { agent, fetchAgent: agent, options: { dispatcher } as unknown as RequestInit },
    release() {
      agent.destroy();
      void dispatcher.close().catch(() => undefined);
    },
  };
}
