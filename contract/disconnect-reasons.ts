/** Baileys DisconnectReason codes in plain words, shared by gateway (stored reasons) and panel (history). */
export const DISCONNECT_REASONS: Record<number, string> = {
  401: "Logged out from the phone",
  403: "Forbidden by WhatsApp (the number may be banned)",
  408: "Connection timed out",
  411: "Multi-device mismatch: re-link the number",
  428: "Connection closed",
  440: "Replaced: the session was opened somewhere else",
  500: "Bad session",
  503: "WhatsApp service unavailable",
  515: "Restart required after pairing",
};

export const QR_EXPIRED_REASON = "QR expired: nobody scanned it in time";

export function describeDisconnect(code: number | undefined, fallback?: string): string {
  if (code === undefined) return fallback ? `Connection lost: ${fallback}` : "Connection lost (no reason given)";
  return DISCONNECT_REASONS[code] ?? (fallback ? `Closed (${code}): ${fallback}` : `Closed with code ${code}`);
}
