import "server-only";
import type { LoginRequest } from "@/contract/auth";
import { callGateway } from "@/shared/lib/server/gateway-client";

/**
 * Signs in with the gateway, for the BFF's sign-in route and the sign-in form's server action: a new sign-in always
 * gets a new session, so the one this browser had (if any) is ended first. Answers the gateway's response; throws
 * when the gateway cannot be reached.
 */
export async function gatewaySignIn(input: LoginRequest, { previousToken, clientIp }: { previousToken: string | undefined; clientIp: string | null }) {
  if (previousToken) await callGateway("/api/v1/auth/logout", { method: "POST", token: previousToken }).catch(() => undefined);
  return callGateway("/api/v1/auth/login", { method: "POST", body: JSON.stringify(input), clientIp });
}
