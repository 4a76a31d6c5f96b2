import type { IncomingMessage } from "node:http";

export declare const CLIENT_ADDRESS_HEADER: "x-panel-client-address";
export type TrustProxy = (address: string, hop: number) => boolean;
export declare function parseTrustProxy(raw: string | undefined): TrustProxy;
export declare function clientAddress(req: Pick<IncomingMessage, "headers"> & { socket: { remoteAddress?: string } }, trust: TrustProxy): string | undefined;
