import { ServerCrash } from "lucide-react";
import { EmptyState } from "@/shared/components/feedback/empty-state";
import { GatewayRetry } from "./gateway-retry";

/** Shown instead of the panel when its server cannot reach the gateway at all; it retries by itself. */
export function GatewayUnavailable() {
  return (
    <main className="flex min-h-svh items-center justify-center p-6">
      <EmptyState
        icon={ServerCrash}
        title="The gateway is not reachable"
        description="The panel's server could not reach the gateway. Check that it is running (npm run start:gateway) and that GATEWAY_URL points at it, then try again."
        action={<GatewayRetry />}
      />
    </main>
  );
}
