import "server-only";
import { panelOrigins } from "@/shared/config/server-env";

/**
 * CSRF defence for mutating BFF calls: the browser's Origin must be one the panel is configured to answer on
 * (its listening origin or PANEL_ORIGINS). Host and X-Forwarded-Host are not consulted: whoever sends the
 * request chooses them. Browsers always send Origin on cross-site POSTs.
 */
export function isSameOrigin(request: Pick<Request, "headers">): boolean {
  const origin = request.headers.get("origin");
  return !!origin && panelOrigins().includes(origin);
}
