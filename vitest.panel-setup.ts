// The panel loads the contract's schemas on demand (shared/lib/contract-loader.ts). Unit tests start with them
// loaded, so socket events route synchronously; socket-bridge.test.tsx covers the not-yet-loaded path.
import { loadContract } from "@/shared/lib/contract-loader";

await loadContract();
