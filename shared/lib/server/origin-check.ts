import "server-only";
import { panelOrigins } from "@/shared/config/server-env";

/**
 * CSRF defence for mutating BFF calls: the Origin header must be the panel's own origin (as the browser
 * addressed it) or one listed in PANEL_ORIGINS. Browsers always send Origin on cross-site POSTs.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (!origin) return false;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const proto = request.headers.get("x-forwarded-proto") ?? new URL(request.url).protocol.replace(":", "");
  const own = host ? `${proto}://${host}` : new URL(request.url).origin;
  return origin === own || panelOrigins().includes(origin);
}
