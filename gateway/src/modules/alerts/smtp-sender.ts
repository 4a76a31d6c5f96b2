import { isIP } from "node:net";
import nodemailer from "nodemailer";
import { resolveAllowedAddress } from "../webhooks/outbound-http";

export interface SmtpSettings {
  /** SMTP_URL: smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465 (TLS from the start). */
  url: string;
  from: string;
}

export type SendOutcome = { ok: boolean; latencyMs: number; statusCode?: number; error?: string };

const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 15_000;
/** Never longer than this for one e-mail, whatever the server does. */
const DEADLINE_MS = 20_000;

/** What nodemailer's errors tell: the server's refusal with its reply code, or why no conversation happened. */
function describeSmtpError(error: unknown): { error: string; statusCode?: number } {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const text = (e.response ?? e.message ?? String(error)).replace(/\s+/g, " ").trim().slice(0, 300);
  if (typeof e.responseCode === "number") return { error: `SMTP refused: ${text}`, statusCode: e.responseCode };
  switch (e.code) {
    case "ETIMEDOUT":
      return { error: `SMTP timed out: ${text}` };
    case "EDNS":
      return { error: "SMTP server not found (DNS)" };
    default:
      return { error: `SMTP failed: ${text}` };
  }
}

/**
 * Sends one plain-text e-mail through the configured SMTP server. The server's name is resolved and checked against
 * the webhooks' address rules (WEBHOOK_ALLOW_IPS), then the checked address is what nodemailer connects to (the name
 * still checks the certificate), so alerts cannot be aimed at an internal host by DNS.
 */
export async function sendMail(settings: SmtpSettings, allowIps: readonly string[], mail: { to: string[]; subject: string; text: string }, signal?: AbortSignal): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const url = new URL(settings.url);
  const secure = url.protocol === "smtps:";
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const scrub = (text: string) => (password ? text.split(password).join("…") : text);

  const target = await resolveAllowedAddress(host, allowIps, "alert e-mail");
  if ("error" in target) return { ok: false, latencyMs: elapsed(), error: `SMTP server ${host}: ${target.error}` };

  const transport = nodemailer.createTransport({
    host: target.address,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(user ? { auth: { user, pass: password } } : {}),
    ...(isIP(host) === 0 ? { tls: { servername: host } } : {}),
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${DEADLINE_MS / 1000} s`), { code: "ETIMEDOUT" })), DEADLINE_MS);
      onAbort = () => reject(new Error("abandoned: the gateway is shutting down"));
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
    await Promise.race([transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text }), deadline]);
    return { ok: true, latencyMs: elapsed() };
  } catch (error) {
    const described = describeSmtpError(error);
    return { ok: false, latencyMs: elapsed(), ...described, error: scrub(described.error) };
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    transport.close();
  }
}
