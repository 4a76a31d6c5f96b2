"use client";

import { createContext, startTransition, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { io, type Socket } from "socket.io-client";
import { SocketTicketResponse } from "@/contract/auth";
import type { ClientToServerEvents, ServerToClientEvents } from "@/contract/socket-events";
import { useHydrated } from "@/shared/hooks/use-hydrated";
import { ApiClientError, bffTransport } from "@/shared/lib/api-client";

export type SocketState = "connecting" | "connected" | "reconnecting" | "offline";
export type GatewaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface SocketContextValue {
  socket: GatewaySocket | null;
  state: SocketState;
  /** Why the last attempt failed, in words an operator can act on. */
  lastError: string | null;
  /** When the gateway stopped answering (the live connection dropped or could not open); null while it answers. */
  unreachableSince: number | null;
}

const SocketContext = createContext<SocketContextValue>({ socket: null, state: "connecting", lastError: null, unreachableSince: null });

// Capped low so the panel is live again within about 2 s of the gateway answering (docs/architecture.md §7): at most
// 1 s of waiting leaves the rest for the attempt itself, which a gateway that has just started answers slowly. An
// attempt on a gateway that is down is one refused TCP connection (the ticket is asked for only once it opens).
const FIRST_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 1_000;

/** A socket whose every connection attempt presents a fresh ticket; `signedOut` stops further attempts. */
function createGatewaySocket(url: string): { socket: GatewaySocket; state: { signedOut: boolean } } {
  const state = { signedOut: false };
  const socket: GatewaySocket = io(url, {
    transports: ["websocket"],
    autoConnect: false,
    reconnectionDelay: FIRST_BACKOFF_MS,
    reconnectionDelayMax: MAX_BACKOFF_MS,
    randomizationFactor: 0.3,
    auth: (cb) => {
      bffTransport.request("/api/v1/auth/socket-ticket", { method: "POST", schema: SocketTicketResponse }).then(
        ({ ticket }) => cb({ ticket }),
        (error: unknown) => {
          // Signed out: the unauthorized listener takes the operator to sign-in; stop trying.
          if (error instanceof ApiClientError && error.status === 401) state.signedOut = true;
          cb({});
        },
      );
    },
  });
  return { socket, state };
}

/**
 * Opens the one live connection to the gateway. Every attempt (first and re-) fetches a fresh single-use
 * ticket through the panel's server, so no lasting credential ever reaches the browser.
 */
export function SocketProvider({ url, children }: { url: string; children: ReactNode }) {
  // Made once in the browser, unconnected (autoConnect: false): the effect connects it and hangs up on unmount.
  const [connection] = useState(() => (typeof window === "undefined" ? null : createGatewaySocket(url)));
  const [state, setState] = useState<SocketState>("connecting");
  const [lastError, setLastError] = useState<string | null>(null);
  const [unreachableSince, setUnreachableSince] = useState<number | null>(null);

  useEffect(() => {
    if (!connection) return;
    const { socket, state: flags } = connection;
    let attempt = 0;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let disposed = false;

    // Refusals by the server's auth middleware do not auto-retry in socket.io: retry with backoff ourselves.
    const retry = () => {
      if (disposed || flags.signedOut || socket.connected || socket.active) return;
      const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt) * (0.7 + Math.random() * 0.3);
      attempt += 1;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => socket.connect(), delay);
    };
    // The connection's state changes are transitions: the context reaches every part of the page, and an urgent
    // change would make React finish hydrating all of it at once, in one long task, when the socket connects while
    // a part streamed after the shell (a Suspense boundary) still hydrates. As a transition it hydrates in slices.
    const onConnect = () => {
      attempt = 0;
      startTransition(() => {
        setState("connected");
        setLastError(null);
        setUnreachableSince(null);
      });
    };
    const lost = () => setUnreachableSince((since) => since ?? Date.now());
    const onDisconnect = (reason: string) => {
      startTransition(() => {
        setState(socket.active ? "reconnecting" : "offline");
        if (reason !== "io client disconnect") lost();
        if (reason === "io server disconnect") setLastError("The gateway ended the live connection (session ended or gateway restarting).");
      });
      if (reason === "io server disconnect") retry();
    };
    const onConnectError = (error: Error) => {
      startTransition(() => {
        setLastError(error.message ? `Live connection failed: ${error.message}` : "Live connection failed.");
        setState(socket.active ? "reconnecting" : "offline");
        if (!flags.signedOut) lost();
      });
      retry();
    };
    const onReconnectAttempt = () => startTransition(() => setState("reconnecting"));

    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("connect_error", onConnectError);
    socket.io.on("reconnect_attempt", onReconnectAttempt);
    socket.connect();
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("connect_error", onConnectError);
      socket.io.off("reconnect_attempt", onReconnectAttempt);
      socket.disconnect();
    };
  }, [connection]);

  const socket = connection?.socket ?? null;
  const value = useMemo(() => ({ socket, state, lastError, unreachableSince }), [socket, state, lastError, unreachableSince]);
  return <SocketContext.Provider value={value}>{children}</SocketContext.Provider>;
}

const SERVER_VALUE: SocketContextValue = { socket: null, state: "connecting", lastError: null, unreachableSince: null };

/**
 * The live connection and its state. A part of the page that hydrates late (inside a Suspense boundary streamed
 * after the shell) sees the server's value while it hydrates, even when the socket has connected by then, so its
 * text matches the server's HTML; it re-renders with the live value right after.
 */
export function useGatewaySocket(): SocketContextValue {
  const value = useContext(SocketContext);
  return useHydrated() ? value : SERVER_VALUE;
}
